#pragma once
// The client's terminal during a session: raw mode, its size, and resizes.
#include <signal.h>
#include <termios.h>

#include <cstdint>
#include <optional>

namespace mocker::cli {

// Raw mode on stdin for the session (when enabled and stdin is a terminal);
// the terminal comes back as it was when this goes.
class RawTerminal {
 public:
  explicit RawTerminal(bool enable);
  ~RawTerminal();
  RawTerminal(const RawTerminal&) = delete;
  RawTerminal& operator=(const RawTerminal&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

struct WindowSize {
  uint16_t rows = 0;
  uint16_t cols = 0;
};

// The size of the terminal on stdout, else stdin; nullopt when neither is one.
std::optional<WindowSize> window_size();

// SIGWINCH, noted for a session loop without a race: the signal is blocked
// except inside ppoll(..., mask()), which it interrupts.
class ResizeWatch {
 public:
  ResizeWatch();
  ~ResizeWatch();
  ResizeWatch(const ResizeWatch&) = delete;
  ResizeWatch& operator=(const ResizeWatch&) = delete;

  // Whether the window changed since the last call.
  bool take();
  const sigset_t* mask() const { return &during_poll_; }

 private:
  struct sigaction old_action_ {};
  sigset_t old_mask_{};
  sigset_t during_poll_{};
};

}  // namespace mocker::cli
