#include "init_watch.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

namespace mocker::engine::runtime {

namespace {

constexpr int kReapGraceMs = 10000;

std::string describe(int status) {
  if (WIFSIGNALED(status))
    return "killed by signal " + std::to_string(WTERMSIG(status)) + " (" + ::strsignal(WTERMSIG(status)) + ")";
  return "exit status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

InitWatch::~InitWatch() {
  if (!released_ && !reaped_) reap(0);
}

sys::Result<std::optional<init::Frame>> InitWatch::next(int timeout_ms, sys::Fd* attached) {
  for (;;) {
    pollfd p{s_.sync.get(), POLLIN, 0};
    int n = ::poll(&p, 1, timeout_ms);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys::Error::last("poll", "sync socket");
    if (n == 0) {
      // Stuck means no new step for that long, as when every step sent a frame.
      uint32_t seq = s_.board ? s_.board->seq.load(std::memory_order_acquire) : 0;
      if (seq != seen_seq_) {
        seen_seq_ = seq;
        continue;
      }
      return timed_out();
    }
    return init::recv_frame(s_.sync.get(), attached);
  }
}

std::string InitWatch::step() const {
  std::string s = s_.board ? s_.board->current() : "";
  return s.empty() ? "start mocker-init" : s;
}

sys::Error InitWatch::died() {
  int status = reap(kReapGraceMs);
  return sys::Error::invalid("mocker-init exited during step \"" + step() + "\"", "", describe(status));
}

sys::Error InitWatch::failed(const init::Frame& f) {
  reap(kReapGraceMs);
  return init::frame_error(f);
}

sys::Error InitWatch::timed_out() {
  std::string during = step();  // before the kill: init may be writing the board
  reap(0);
  return sys::Error::from_errno("wait for mocker-init", "during step \"" + during + "\"", ETIMEDOUT);
}

pid_t InitWatch::release() {
  released_ = true;
  s_.sync.reset();
  return s_.pid;
}

int InitWatch::reap(int grace_ms) {
  pollfd p{s_.pidfd.get(), POLLIN, 0};
  if (grace_ms <= 0 || ::poll(&p, 1, grace_ms) <= 0) ::kill(s_.pid, SIGKILL);
  int status = 0;
  while (::waitpid(s_.pid, &status, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
  return status;
}

}  // namespace mocker::engine::runtime
