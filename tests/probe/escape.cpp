// Attempts a contained process must not be able to make. Nothing here writes to a
// host-visible file: sysrq-trigger is only opened, never written.
#include "probe.hpp"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <functional>

namespace mocker::probe {

namespace {

struct Attempt {
  const char* name;
  // Returns 0 when the attempt worked (an escape), else the errno it failed with.
  std::function<int()> run;
};

int result_of(long rc) { return rc == 0 ? 0 : errno; }

int open_for_write(const char* path) {
  int fd = ::open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  ::close(fd);
  return 0;
}

int make_block_device() {
  const char* path = "/dev/mocker-probe-block";
  if (::mknod(path, S_IFBLK | 0600, makedev(7, 0)) != 0) return errno;
  ::unlink(path);
  return 0;
}

// Masked: /proc/kcore reads as empty. Reading any byte of it counts as an escape.
int read_kcore() {
  int fd = ::open("/proc/kcore", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno;
  char buf[64];
  ssize_t n = ::read(fd, buf, sizeof buf);
  int err = n < 0 ? errno : 0;
  ::close(fd);
  if (n > 0) return 0;
  return err ? err : ENODATA;
}

}  // namespace

nlohmann::json escape_attempts() {
  const Attempt attempts[] = {
      {"mount", [] { return result_of(::mount("none", "/", "tmpfs", 0, nullptr)); }},
      {"umount", [] { return result_of(::umount2("/proc", MNT_DETACH)); }},
      {"unshare mount namespace", [] { return result_of(::unshare(CLONE_NEWNS)); }},
      {"unshare user namespace", [] { return result_of(::unshare(CLONE_NEWUSER)); }},
      {"pivot_root", [] { return result_of(::syscall(SYS_pivot_root, "/", "/")); }},
      {"write /proc/sysrq-trigger", [] { return open_for_write("/proc/sysrq-trigger"); }},
      {"mknod block device", make_block_device},
      {"init_module", [] { return result_of(::syscall(SYS_init_module, nullptr, 0, "")); }},
      {"finit_module", [] { return result_of(::syscall(SYS_finit_module, -1, "", 0)); }},
      {"read /proc/kcore", read_kcore},
      {"ptrace pid 1", [] { return result_of(::ptrace(PTRACE_ATTACH, 1, nullptr, nullptr)); }},
      {"sethostname", [] { return result_of(::sethostname("escaped", 7)); }},
  };
  nlohmann::json out = nlohmann::json::array();
  for (const auto& a : attempts) {
    int err = a.run();
    out.push_back({{"attempt", a.name}, {"escaped", err == 0}, {"result", words(err)}});
  }
  return {{"attempts", out}};
}

}  // namespace mocker::probe
