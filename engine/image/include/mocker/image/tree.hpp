#pragma once
// Copying files into and out of a root filesystem (cp, export). A path in a
// container's rootfs is resolved as if the rootfs were "/" (openat2
// RESOLVE_IN_ROOT), and below that no symlink is ever followed, so what a
// container put in its filesystem cannot make us read or write outside it.
#include <mocker/sys/fd.hpp>

#include <sys/stat.h>

#include <optional>
#include <string>

namespace mocker::engine::image {

// A place in a tree: a directory and a name in it ("." for the directory itself).
struct TreeEntry {
  sys::Fd dir;          // O_PATH
  std::string name;
  std::string display;  // the path as the user wrote it, for errors
};

// path inside root_dir: its parent resolved in the root, the last component
// not followed ("/", "DIR/." and "DIR/.." name a directory itself).
sys::Result<TreeEntry> locate_in_root(const std::string& root_dir, const std::string& path);
// path on the host, resolved as the kernel does.
sys::Result<TreeEntry> locate_on_host(const std::string& path);
// lstat of the entry; nullopt when there is none.
sys::Result<std::optional<struct stat>> stat_entry(const TreeEntry& e);
// The entry name inside the directory e (which must exist).
sys::Result<TreeEntry> child_of(const TreeEntry& e, const std::string& name);

// Copies src to dst recursively, like cp -a without owners: modes and times
// kept, symlinks copied as symlinks, hard links as separate files. A
// directory is merged into an existing one; an existing file is replaced.
sys::Status copy_tree(const TreeEntry& src, const TreeEntry& dst);
// src as a tar stream to out_fd, its entries named below prefix (an empty
// prefix: the directory's contents at the top, as export writes them).
sys::Status write_tar(const TreeEntry& src, const std::string& prefix, int out_fd);
// Extracts the (possibly compressed) tar stream in_fd into the directory dir,
// confined to it; owners and modes as the archive says.
sys::Status extract_tar(int in_fd, const std::string& display, const TreeEntry& dir);

}  // namespace mocker::engine::image
