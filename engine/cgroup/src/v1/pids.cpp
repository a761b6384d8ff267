// cgroup v1 pids: the task limit and count.
#include "../cgroupfs.hpp"
#include "v1.hpp"

namespace mocker::engine::cgroup::v1 {

sys::Status apply_pids(const std::string& dir, const Limits& l) {
  if (!l.pids_max) return sys::ok();
  return cgfs::write(dir, "pids.max", *l.pids_max > 0 ? std::to_string(*l.pids_max) : "max");
}

sys::Result<uint64_t> pids_current(const std::string& dir) {
  return cgfs::read_u64_or(dir, "pids.current", 0);
}

}  // namespace mocker::engine::cgroup::v1
