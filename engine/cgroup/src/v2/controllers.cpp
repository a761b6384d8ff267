// cgroup v2 controller enabling: a controller's files appear in a group only
// when its parent lists the controller in cgroup.subtree_control.
#include "../cgroupfs.hpp"
#include "v2.hpp"

#include <algorithm>

namespace mocker::engine::cgroup::v2 {

const std::vector<std::string_view>& wanted_controllers() {
  static const std::vector<std::string_view> names = {"cpuset", "cpu", "memory", "pids"};
  return names;
}

sys::Status enable_controllers(const std::string& dir, Warnings& warnings) {
  auto available = cgfs::split_words(MOCKER_TRY(cgfs::read(dir, "cgroup.controllers")));
  auto enabled = cgfs::split_words(MOCKER_TRY(cgfs::read(dir, "cgroup.subtree_control")));
  auto has = [](const std::vector<std::string>& list, std::string_view name) {
    return std::find(list.begin(), list.end(), name) != list.end();
  };
  for (auto name : wanted_controllers()) {
    if (!has(available, name) || has(enabled, name)) continue;
    // One at a time, so that one refused controller does not cost the others.
    auto st = cgfs::write(dir, "cgroup.subtree_control", "+" + std::string(name));
    if (!st) warnings.push_back("cgroup controller " + std::string(name) + " not enabled: " + st.error().render());
  }
  return sys::ok();
}

}  // namespace mocker::engine::cgroup::v2
