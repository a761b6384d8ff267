#include "pty.hpp"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace mocker::engine::init {

sys::Result<Pty> open_pty(const Credentials& owner) {
  Pty p;
  p.master = MOCKER_TRY(sys::open_file("/dev/ptmx", O_RDWR | O_NOCTTY));
  int unlock = 0;
  if (::ioctl(p.master.get(), TIOCSPTLCK, &unlock) != 0) return sys::Error::last("unlock pty", "/dev/ptmx");
  int fd = ::ioctl(p.master.get(), TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) return sys::Error::last("open pty peer", "/dev/ptmx");
  p.terminal = sys::Fd(fd);
  if (::fchown(fd, owner.uid, static_cast<gid_t>(-1)) != 0) return sys::Error::last("chown", "pty");
  return p;
}

sys::Status set_window_size(const Pty& pty, uint16_t rows, uint16_t cols) {
  if (rows == 0 || cols == 0) return sys::ok();
  winsize ws{rows, cols, 0, 0};
  if (::ioctl(pty.master.get(), TIOCSWINSZ, &ws) != 0) return sys::Error::last("set window size", "pty");
  return sys::ok();
}

}  // namespace mocker::engine::init
