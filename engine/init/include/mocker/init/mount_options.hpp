#pragma once
// Mount options as users write them ("ro", "size=64m") turned into what the new
// mount API wants: attribute bits and filesystem parameters.
#include <mocker/init/spec.hpp>
#include <mocker/sys/result.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mocker::engine::init {

struct MountOptions {
  uint64_t attributes = 0;  // MOUNT_ATTR_RDONLY | _NOSUID | _NODEV | _NOEXEC
  bool recursive = true;    // bind: rbind (the default) or bind
  std::vector<std::pair<std::string, std::string>> parameters;  // tmpfs: size, mode, uid, ...
};

// Bind takes ro, rw, nosuid, nodev, noexec, bind, rbind and propagation words
// (accepted, mounts are always private); tmpfs also takes key=value parameters.
sys::Result<MountOptions> parse_mount_options(const Mount& mount);

}  // namespace mocker::engine::init
