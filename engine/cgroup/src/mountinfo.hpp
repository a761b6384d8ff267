#pragma once
// The cgroup mounts listed in /proc/<pid>/mountinfo.
#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::cgroup {

struct CgroupMount {
  std::string mount_point;               // unescaped
  bool unified = false;                  // cgroup2
  std::vector<std::string> controllers;  // v1 super options that name controllers
};

std::vector<CgroupMount> parse_cgroup_mounts(std::string_view mountinfo);

}  // namespace mocker::engine::cgroup
