#include <mocker/cli/terminal.hpp>

#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

namespace mocker::cli {

namespace {
volatile sig_atomic_t g_resized = 0;
void on_winch(int) { g_resized = 1; }
}  // namespace

RawTerminal::RawTerminal(bool enable) {
  if (!enable || !::isatty(0) || ::tcgetattr(0, &saved_) != 0) return;
  termios raw = saved_;
  ::cfmakeraw(&raw);
  active_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
}

RawTerminal::~RawTerminal() {
  if (active_) ::tcsetattr(0, TCSANOW, &saved_);
}

std::optional<WindowSize> window_size() {
  winsize ws{};
  for (int fd : {1, 0})
    if (::ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0) return WindowSize{ws.ws_row, ws.ws_col};
  return std::nullopt;
}

ResizeWatch::ResizeWatch() {
  struct sigaction sa {};
  sa.sa_handler = on_winch;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGWINCH, &sa, &old_action_);
  sigset_t winch;
  sigemptyset(&winch);
  sigaddset(&winch, SIGWINCH);
  ::sigprocmask(SIG_BLOCK, &winch, &old_mask_);
  during_poll_ = old_mask_;
  sigdelset(&during_poll_, SIGWINCH);
  g_resized = 0;
}

ResizeWatch::~ResizeWatch() {
  ::sigprocmask(SIG_SETMASK, &old_mask_, nullptr);
  ::sigaction(SIGWINCH, &old_action_, nullptr);
}

bool ResizeWatch::take() {
  if (!g_resized) return false;
  g_resized = 0;
  return true;
}

}  // namespace mocker::cli
