#include "mount_api.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>

namespace mocker::engine::init {

namespace {

// The kernel explains filesystem parameter errors in the context's log.
std::string context_log(int fs_fd) {
  std::string out;
  char buf[512];
  for (int i = 0; i < 8; ++i) {
    ssize_t n = ::read(fs_fd, buf, sizeof buf - 1);
    if (n <= 0) break;
    std::string line(buf, static_cast<size_t>(n));
    if (line.size() > 2 && line[1] == ' ') line.erase(0, 2);  // "e " / "w " prefix
    if (!out.empty()) out += "; ";
    out += line;
  }
  return out;
}

sys::Error fs_error(const std::string& op, const std::string& type, int fs_fd) {
  int err = errno;
  auto e = sys::Error::from_errno(op, type, err);
  e.message = context_log(fs_fd);
  return e;
}

}  // namespace

sys::Result<sys::Fd> new_filesystem(const std::string& type, const Parameters& parameters, uint64_t attributes) {
  sys::Fd fs(::fsopen(type.c_str(), FSOPEN_CLOEXEC));
  if (!fs.valid()) return sys::Error::last("fsopen", type);
  for (const auto& [key, value] : parameters) {
    // An empty value is a flag ("cpu" for a cgroup v1 hierarchy).
    int rc = value.empty() ? ::fsconfig(fs.get(), FSCONFIG_SET_FLAG, key.c_str(), nullptr, 0)
                           : ::fsconfig(fs.get(), FSCONFIG_SET_STRING, key.c_str(), value.c_str(), 0);
    if (rc != 0)
      return fs_error("set " + key + "=" + value + " for", type, fs.get());
  }
  if (::fsconfig(fs.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) != 0)
    return fs_error("create", type, fs.get());
  sys::Fd mnt(::fsmount(fs.get(), FSMOUNT_CLOEXEC, static_cast<unsigned>(attributes)));
  if (!mnt.valid()) return fs_error("fsmount", type, fs.get());
  return mnt;
}

sys::Result<sys::Fd> clone_tree(int dirfd, const std::string& path, bool recursive) {
  unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | (recursive ? AT_RECURSIVE : 0);
  sys::Fd tree(::open_tree(dirfd, path.c_str(), flags));
  if (!tree.valid()) return sys::Error::last("bind", path);
  return tree;
}

sys::Status set_attributes(int mount_fd, uint64_t attributes, bool recursive, const std::string& what) {
  if (attributes == 0) return sys::ok();
  struct mount_attr attr {};
  attr.attr_set = attributes;
  unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
  if (::mount_setattr(mount_fd, "", flags, &attr, sizeof attr) != 0) return sys::Error::last("mount_setattr", what);
  return sys::ok();
}

sys::Status attach(int mount_fd, int target_fd, const std::string& what) {
  if (::move_mount(mount_fd, "", target_fd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) != 0)
    return sys::Error::last("mount on", what);
  return sys::ok();
}

}  // namespace mocker::engine::init
