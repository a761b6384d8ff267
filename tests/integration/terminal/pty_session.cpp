#include "pty_session.hpp"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

namespace mocker::test {

namespace {

using Clock = std::chrono::steady_clock;

std::vector<char*> c_strings(std::vector<std::string>& v) {
  std::vector<char*> out;
  for (auto& s : v) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int decode(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

PtySession::PtySession(const std::vector<std::string>& argv_in, const std::vector<std::string>& env_in,
                       const std::string& dir, uint16_t rows, uint16_t cols) {
  std::vector<std::string> argv = argv_in, env = env_in;
  auto args = c_strings(argv);
  auto envp = c_strings(env);
  winsize ws{rows, cols, 0, 0};
  int terminal = -1;
  if (::openpty(&master_, &terminal, nullptr, nullptr, &ws) != 0) return;
  ::fcntl(master_, F_SETFD, FD_CLOEXEC);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::setsid();
    ::ioctl(terminal, TIOCSCTTY, 0);
    for (int fd = 0; fd < 3; ++fd) ::dup2(terminal, fd);
    ::syscall(SYS_close_range, 3U, ~0U, 0U);
    if (::chdir(dir.c_str()) != 0) ::_exit(126);
    ::execve(args[0], args.data(), envp.data());
    ::_exit(127);
  }
  ::close(terminal);
}

PtySession::~PtySession() {
  if (pid_ > 0 && status_ < 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (master_ >= 0) ::close(master_);
}

bool PtySession::read_some(int timeout_ms) {
  pollfd p{master_, POLLIN, 0};
  int n = ::poll(&p, 1, timeout_ms);
  if (n <= 0) return n == 0 || errno == EINTR;
  char buf[4096];
  ssize_t got = ::read(master_, buf, sizeof buf);
  if (got > 0) {
    output_.append(buf, static_cast<size_t>(got));
    return true;
  }
  return got < 0 && (errno == EINTR || errno == EAGAIN);  // EIO: no terminal side is left
}

bool PtySession::wait_for(const std::string& text, int timeout_ms) {
  auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (output_.find(text) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - Clock::now()).count();
    if (left <= 0 || master_ < 0) return false;
    if (!read_some(static_cast<int>(std::min<long>(left, 200)))) return output_.find(text) != std::string::npos;
  }
  return true;
}

void PtySession::type(const std::string& bytes) {
  if (master_ >= 0) (void)!::write(master_, bytes.data(), bytes.size());
}

void PtySession::resize(uint16_t rows, uint16_t cols) {
  winsize ws{rows, cols, 0, 0};
  ::ioctl(master_, TIOCSWINSZ, &ws);
}

bool PtySession::exited_within(int timeout_ms) {
  auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < end) {
    int status;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      status_ = decode(status);
      return true;
    }
    read_some(50);
  }
  return false;
}

int PtySession::finish(int timeout_ms) {
  if (status_ >= 0) return status_;
  if (pid_ <= 0) return -1;
  if (!exited_within(timeout_ms)) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    status_ = 1000;  // reaped; not a real status
    return -1;
  }
  for (int i = 0; i < 100 && read_some(0); ++i) {
  }
  return status_;
}

}  // namespace mocker::test
