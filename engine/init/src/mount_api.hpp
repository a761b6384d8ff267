#pragma once
// Thin wrappers over the new mount API (fsopen, fsmount, open_tree, mount_setattr,
// move_mount): mounts are built detached, then attached to a resolved fd, so no
// path is looked up twice.
#include <mocker/sys/fd.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mocker::engine::init {

using Parameters = std::vector<std::pair<std::string, std::string>>;

// A new detached filesystem of `type` with parameters, mounted with `attributes`.
sys::Result<sys::Fd> new_filesystem(const std::string& type, const Parameters& parameters, uint64_t attributes);

// A detached copy of the mount tree at path (relative to dirfd), like a bind mount.
sys::Result<sys::Fd> clone_tree(int dirfd, const std::string& path, bool recursive);

// Sets mount attributes (MOUNT_ATTR_*) on a detached tree.
sys::Status set_attributes(int mount_fd, uint64_t attributes, bool recursive, const std::string& what);

// Mounts a detached tree on top of target_fd.
sys::Status attach(int mount_fd, int target_fd, const std::string& what);

}  // namespace mocker::engine::init
