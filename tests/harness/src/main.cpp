// gtest main for privileged tests: private mount + network namespace, loopback
// up, child subreaper, so whatever a test starts cannot touch the host and
// orphans come back to us for the leak check.
#include <mocker/test/harness.hpp>

#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace {

bool bring_loopback_up() {
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (s < 0) return false;
  struct ifreq ifr {};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  bool ok = ::ioctl(s, SIOCGIFFLAGS, &ifr) == 0;
  ifr.ifr_flags |= IFF_UP;
  ok = ok && ::ioctl(s, SIOCSIFFLAGS, &ifr) == 0;
  ::close(s);
  return ok;
}

// A new network namespace copies IPv4 forwarding from the host's: tests that
// check what we switch on and off start from "off" whatever the host has.
bool forwarding_off() {
  std::FILE* f = std::fopen("/proc/sys/net/ipv4/ip_forward", "we");
  if (!f) return false;
  bool ok = std::fputs("0\n", f) >= 0;
  return std::fclose(f) == 0 && ok;
}

bool enter_private_namespaces() {
  if (::unshare(CLONE_NEWNS | CLONE_NEWNET) != 0) {
    std::fprintf(stderr, "harness: unshare(mount|net): %s\n", std::strerror(errno));
    return false;
  }
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
    std::fprintf(stderr, "harness: make / private: %s\n", std::strerror(errno));
    return false;
  }
  if (!bring_loopback_up()) {
    std::fprintf(stderr, "harness: bring lo up: %s\n", std::strerror(errno));
    return false;
  }
  if (!forwarding_off()) {
    std::fprintf(stderr, "harness: ip_forward: %s\n", std::strerror(errno));
    return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  bool listing = ::testing::GTEST_FLAG(list_tests);
  if (!listing && mocker::test::is_root()) {
    if (!enter_private_namespaces()) return 2;
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  }
  return RUN_ALL_TESTS();
}
