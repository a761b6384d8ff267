#pragma once
// Making ROOT/store a btrfs filesystem: native, or a loop-mounted file.
#include <mocker/sys/result.hpp>

#include <cstdint>
#include <string>

namespace mocker::engine::storage {

bool is_btrfs(const std::string& path);

// Ensures `mountpoint` is on btrfs: if not, formats `image` (created sparse
// with `size` bytes if missing) and mounts it there. Returns true when the
// store is loop-backed.
sys::Result<bool> provision(const std::string& image, const std::string& mountpoint, uint64_t size);

}  // namespace mocker::engine::storage
