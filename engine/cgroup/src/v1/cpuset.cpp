// cgroup v1 cpuset: inherited cpus and mems for new groups, requested sets.
#include "../cgroupfs.hpp"
#include "v1.hpp"

#include <filesystem>

namespace mocker::engine::cgroup::v1 {

namespace {

sys::Status copy_if_empty(const std::string& parent, const std::string& dir, std::string_view file) {
  std::string mine = MOCKER_TRY(cgfs::read(dir, file));
  if (!mine.empty()) return sys::ok();
  std::string theirs = MOCKER_TRY(cgfs::read(parent, file));
  return cgfs::write(dir, file, theirs);
}

}  // namespace

sys::Status inherit_cpuset(const std::string& root, const std::string& path) {
  std::string parent = root;
  for (const auto& part : std::filesystem::path(path)) {
    if (part.empty() || part == "/" || part == ".") continue;
    std::string dir = cgfs::join(parent, part.string());
    MOCKER_TRY(copy_if_empty(parent, dir, "cpuset.cpus"));
    MOCKER_TRY(copy_if_empty(parent, dir, "cpuset.mems"));
    parent = dir;
  }
  return sys::ok();
}

sys::Status apply_cpuset(const std::string& dir, const Limits& l) {
  if (l.cpuset_cpus) MOCKER_TRY(cgfs::write(dir, "cpuset.cpus", *l.cpuset_cpus));
  if (l.cpuset_mems) MOCKER_TRY(cgfs::write(dir, "cpuset.mems", *l.cpuset_mems));
  return sys::ok();
}

}  // namespace mocker::engine::cgroup::v1
