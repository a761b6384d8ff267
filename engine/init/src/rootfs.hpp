#pragma once
// Building the container's filesystem view, before and after pivot_root.
#include <mocker/init/spec.hpp>
#include <mocker/sys/fd.hpp>

#include <string>
#include <vector>

namespace mocker::engine::init {

enum class Create { nothing, directory, file };

// An O_PATH fd for `path` inside the tree at root_fd; symlinks and ".." never lead
// out of it (RESOLVE_IN_ROOT). Missing components are created as directories, the
// last one as `create` says.
sys::Result<sys::Fd> resolve_in_root(int root_fd, const std::string& path, Create create);

sys::Status make_mounts_private();
// Binds rootfs onto itself (pivot_root wants a mount point); returns an fd on it.
sys::Result<sys::Fd> bind_rootfs(const std::string& rootfs);
sys::Status mount_volumes(int root_fd, const std::vector<Mount>& mounts);
sys::Status mount_proc(int root_fd);
sys::Status mount_sys(int root_fd);
// /sys/fs/cgroup as the host lays it out, each hierarchy read-only and rooted
// at the container's own group (init is in its cgroup namespace by now).
sys::Status mount_cgroups(int root_fd);
// Makes root_fd the root and detaches the host's tree.
sys::Status pivot_to(int root_fd);

// After pivot_root.
sys::Status mask_paths();
sys::Status make_read_only_paths();
sys::Status make_root_read_only();

}  // namespace mocker::engine::init
