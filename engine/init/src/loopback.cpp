#include "loopback.hpp"

#include <mocker/sys/fd.hpp>

#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <cstring>

namespace mocker::engine::init {

sys::Status bring_loopback_up() {
  sys::Fd s(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!s.valid()) return sys::Error::last("socket", "AF_INET");
  struct ifreq ifr {};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(s.get(), SIOCGIFFLAGS, &ifr) != 0) return sys::Error::last("get flags of", "lo");
  ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
  if (::ioctl(s.get(), SIOCSIFFLAGS, &ifr) != 0) return sys::Error::last("bring up", "lo");
  return sys::ok();
}

}  // namespace mocker::engine::init
