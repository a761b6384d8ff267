#include "provision.hpp"

#include "loop.hpp"

#include <mocker/sys/fd.hpp>
#include <mocker/sys/hints.hpp>
#include <mocker/sys/process.hpp>

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>

namespace mocker::engine::storage {

bool is_btrfs(const std::string& path) {
  struct statfs st;
  return ::statfs(path.c_str(), &st) == 0 && st.f_type == BTRFS_SUPER_MAGIC;
}

namespace {

bool exists(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

// Formats into a temp name and renames, so a crash never leaves an image
// that looks ready but is not.
sys::Status create_image(const std::string& image, uint64_t size) {
  std::string tmp = image + ".new";
  ::unlink(tmp.c_str());
  {
    sys::Fd fd = MOCKER_TRY(sys::open_file(tmp, O_RDWR | O_CREAT | O_EXCL, 0600));
    if (::ftruncate(fd.get(), static_cast<off_t>(size)) != 0) {
      auto e = sys::Error::last("size store image", tmp);
      ::unlink(tmp.c_str());
      return e;
    }
  }
  auto mkfs = sys::run_process({"mkfs.btrfs", "-q", tmp});
  if (!mkfs || mkfs->exit_code != 0) {
    ::unlink(tmp.c_str());
    if (!mkfs) {
      return std::move(mkfs).error().wrap("format store image")
          .with_hint("install btrfs-progs (mkfs.btrfs), e.g. 'apt-get install btrfs-progs'");
    }
    return sys::Error::invalid("mkfs.btrfs", tmp, "exit " + std::to_string(mkfs->exit_code) + ": " + mkfs->output);
  }
  if (::rename(tmp.c_str(), image.c_str()) != 0) {
    auto e = sys::Error::last("rename", tmp);
    ::unlink(tmp.c_str());
    return e;
  }
  return sys::ok();
}

sys::Status mount_image(const std::string& image, const std::string& mountpoint) {
  LoopDevice dev = MOCKER_TRY(attach_loop(image));
  if (::mount(dev.path.c_str(), mountpoint.c_str(), "btrfs", MS_NOATIME, nullptr) != 0) {
    auto e = sys::Error::last("mount btrfs", dev.path + " on " + mountpoint);
    return sys::with_known_hint(std::move(e));
  }
  return sys::ok();  // dev.fd closes here; autoclear now tracks the mount
}

}  // namespace

sys::Result<bool> provision(const std::string& image, const std::string& mountpoint, uint64_t size) {
  if (is_btrfs(mountpoint)) return exists(image);
  if (!exists(image)) MOCKER_TRY(create_image(image, size));
  MOCKER_TRY(mount_image(image, mountpoint));
  return true;
}

}  // namespace mocker::engine::storage
