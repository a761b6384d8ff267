#include "loop.hpp"

#include <mocker/sys/hints.hpp>

#include <fcntl.h>
#include <linux/loop.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>

namespace mocker::engine::storage {

namespace {
constexpr int kAttachAttempts = 16;  // another process may grab the same free device

sys::Result<sys::Fd> open_free_device(std::string& path) {
  auto control = sys::open_file("/dev/loop-control", O_RDWR);
  if (!control) {
    auto e = std::move(control).error();
    e.operation = "open loop control";
    return sys::with_known_hint(std::move(e));
  }
  int n = ::ioctl(control->get(), LOOP_CTL_GET_FREE);
  if (n < 0) return sys::Error::last("find free loop device", "/dev/loop-control");
  path = "/dev/loop" + std::to_string(n);
  return sys::open_file(path, O_RDWR);
}
}  // namespace

sys::Result<LoopDevice> attach_loop(const std::string& backing_file) {
  sys::Fd backing = MOCKER_TRY(sys::open_file(backing_file, O_RDWR));
  for (int attempt = 0; attempt < kAttachAttempts; ++attempt) {
    LoopDevice dev;
    dev.fd = MOCKER_TRY(open_free_device(dev.path));
    struct loop_config config;
    std::memset(&config, 0, sizeof config);
    config.fd = static_cast<__u32>(backing.get());
    config.info.lo_flags = LO_FLAGS_AUTOCLEAR;
    std::strncpy(reinterpret_cast<char*>(config.info.lo_file_name), backing_file.c_str(),
                 LO_NAME_SIZE - 1);
    if (::ioctl(dev.fd.get(), LOOP_CONFIGURE, &config) == 0) return dev;
    if (errno != EBUSY) return sys::Error::last("attach loop device " + dev.path + " to", backing_file);
  }
  return sys::Error::from_errno("attach loop device to", backing_file, EBUSY);
}

}  // namespace mocker::engine::storage
