// The child's half of spawning: closing what it was not given. A translation
// unit of its own, so mocker-init (static) links only this.
#include <mocker/sys/spawn.hpp>

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace mocker::engine::sys {

namespace {

// Where a loop over descriptors stops when close_range is missing (kernels
// before 5.9; 5.11 for CLOSE_RANGE_CLOEXEC).
int descriptor_limit() noexcept {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > (1u << 20))
    return 1 << 20;
  return static_cast<int>(limit.rlim_cur);
}

}  // namespace

void close_descriptors_from(int first) noexcept {
  if (::syscall(SYS_close_range, static_cast<unsigned>(first), ~0U, 0U) == 0) return;
  for (int fd = first, end = descriptor_limit(); fd < end; ++fd) ::close(fd);
}

void close_on_exec_from(int first) noexcept {
  if (::syscall(SYS_close_range, static_cast<unsigned>(first), ~0U, CLOSE_RANGE_CLOEXEC) == 0) return;
  for (int fd = first, end = descriptor_limit(); fd < end; ++fd) ::fcntl(fd, F_SETFD, FD_CLOEXEC);
}

}  // namespace mocker::engine::sys
