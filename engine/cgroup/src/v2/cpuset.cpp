// cgroup v2 cpuset: requested sets only; an empty set means the parent's.
#include "../cgroupfs.hpp"
#include "v2.hpp"

namespace mocker::engine::cgroup::v2 {

sys::Status apply_cpuset(const std::string& dir, const Limits& l) {
  if (l.cpuset_cpus) MOCKER_TRY(cgfs::write(dir, "cpuset.cpus", *l.cpuset_cpus));
  if (l.cpuset_mems) MOCKER_TRY(cgfs::write(dir, "cpuset.mems", *l.cpuset_mems));
  return sys::ok();
}

}  // namespace mocker::engine::cgroup::v2
