#pragma once
// What both backends share: the group's directories, keyed by controller.
#include <mocker/cgroup/cgroup.hpp>

#include <map>
#include <string>

namespace mocker::engine::cgroup {

using Dirs = std::map<Controller, std::string>;

// Whether limits are applied to a new group (defaults apply) or a live one.
enum class Mode { create, update };

// The controller's directory, empty when it is not mounted.
inline std::string dir_of(const Dirs& dirs, Controller c) {
  auto it = dirs.find(c);
  return it == dirs.end() ? std::string() : it->second;
}

// The group's directory in each hierarchy.
Dirs dirs_below(const Dirs& roots, const std::string& path);

}  // namespace mocker::engine::cgroup
