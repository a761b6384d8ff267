#include "devices.hpp"

#include "mount_api.hpp"
#include "rootfs.hpp"

#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace mocker::engine::init {

namespace {

constexpr const char* kDevices[] = {"null", "zero", "full", "random", "urandom", "tty"};

struct Link {
  const char* name;
  const char* target;
};
constexpr Link kLinks[] = {{"ptmx", "pts/ptmx"},          {"fd", "/proc/self/fd"},
                           {"stdin", "/proc/self/fd/0"},  {"stdout", "/proc/self/fd/1"},
                           {"stderr", "/proc/self/fd/2"}};

struct Filesystem {
  const char* dir;
  const char* type;
  Parameters parameters;
  uint64_t attributes;
};

sys::Status bind_device(int dev_fd, const char* name) {
  std::string host = std::string("/dev/") + name;
  int fd = ::openat(dev_fd, name, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) return sys::Error::last("create", "/dev/" + std::string(name) + " in the container");
  ::close(fd);
  sys::Fd target = MOCKER_TRY(sys::open_at(dev_fd, name, O_PATH | O_NOFOLLOW));
  sys::Fd node = MOCKER_TRY(clone_tree(AT_FDCWD, host, false));
  return attach(node.get(), target.get(), host);
}

sys::Status mount_under(int dev_fd, const Filesystem& fs) {
  std::string where = std::string("/dev/") + fs.dir;
  if (::mkdirat(dev_fd, fs.dir, 0755) != 0) return sys::Error::last("mkdir", where + " in the container");
  sys::Fd target = MOCKER_TRY(sys::open_at(dev_fd, fs.dir, O_PATH | O_DIRECTORY | O_NOFOLLOW));
  sys::Fd mnt = MOCKER_TRY(new_filesystem(fs.type, fs.parameters, fs.attributes));
  return attach(mnt.get(), target.get(), where);
}

}  // namespace

sys::Status mount_dev(int root_fd) {
  sys::Fd target = MOCKER_TRY(resolve_in_root(root_fd, "/dev", Create::directory));
  sys::Fd tmpfs = MOCKER_TRY(new_filesystem("tmpfs", {{"mode", "755"}, {"size", "65536k"}}, MOUNT_ATTR_NOSUID));
  MOCKER_TRY(attach(tmpfs.get(), target.get(), "/dev"));
  // Resolve again: the fd above is the directory under the new mount.
  sys::Fd dev = MOCKER_TRY(resolve_in_root(root_fd, "/dev", Create::nothing));
  sys::Fd dev_dir = MOCKER_TRY(sys::open_at(dev.get(), ".", O_RDONLY | O_DIRECTORY));

  for (const char* name : kDevices) MOCKER_TRY(bind_device(dev_dir.get(), name));

  constexpr uint64_t kNoExec = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC;
  constexpr uint64_t kPlain = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
  const Filesystem filesystems[] = {
      {"pts", "devpts", {{"ptmxmode", "0666"}, {"mode", "0620"}, {"gid", "5"}}, kNoExec},
      {"shm", "tmpfs", {{"mode", "1777"}, {"size", "65536k"}}, kPlain},
      {"mqueue", "mqueue", {}, kPlain},
  };
  for (const auto& fs : filesystems) MOCKER_TRY(mount_under(dev_dir.get(), fs));

  for (const auto& link : kLinks) {
    if (::symlinkat(link.target, dev_dir.get(), link.name) != 0)
      return sys::Error::last("symlink", std::string("/dev/") + link.name + " in the container");
  }
  return sys::ok();
}

}  // namespace mocker::engine::init
