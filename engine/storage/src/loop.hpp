#pragma once
// Loop devices for a store kept in a file.
#include <mocker/sys/fd.hpp>

#include <string>

namespace mocker::engine::storage {

// Attaches backing_file to a free loop device with autoclear set, so the
// device detaches itself when the last user (the mount) goes away.
// Returns the device path and an open fd that keeps it alive until mounted.
struct LoopDevice {
  std::string path;
  sys::Fd fd;
};
sys::Result<LoopDevice> attach_loop(const std::string& backing_file);

}  // namespace mocker::engine::storage
