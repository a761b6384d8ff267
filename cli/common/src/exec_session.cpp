#include <mocker/cli/exec_session.hpp>

#include <mocker/cli/detach_keys.hpp>
#include <mocker/cli/terminal.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <string>

namespace mocker::cli {

namespace sys = engine::sys;
namespace runtime = engine::runtime;
namespace container = engine::container;

namespace {

// Bounds the drain after the process exited: output still buffered is shown,
// a background process that keeps writing is not waited for.
constexpr int kDrainReads = 4096;

sys::Result<std::pair<sys::Fd, sys::Fd>> make_pipe(const char* what) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return sys::Error::last("pipe", what);
  return std::make_pair(sys::Fd(p[0]), sys::Fd(p[1]));
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

// SIGPIPE off for the session: a process that stops reading its stdin is an
// EPIPE to handle, not our death.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction sa {};
    sa.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &sa, &old_);
  }
  ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &old_, nullptr); }

 private:
  struct sigaction old_ {};
};

// One of the process's outputs and where it goes.
struct Output {
  int from = -1;  // pipe read end, or the terminal's master
  int to = 1;
  bool open = true;
};

// Reads once; whether anything came. The stream is closed at its end (EOF, or
// EIO once no terminal side is left).
bool copy_once(Output& o, bool& broken) {
  char buf[65536];
  ssize_t n = ::read(o.from, buf, sizeof buf);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
  if (n <= 0) {
    o.open = false;
    return false;
  }
  // A reader of ours that went away (| head) ends the showing, not the process.
  if (!broken && !sys::write_all(o.to, std::string_view(buf, static_cast<size_t>(n)), "output")) broken = true;
  return true;
}

class Relay {
 public:
  Relay(runtime::ExecHandle& h, sys::Fd input, std::vector<Output> outputs, bool forward_stdin,
        std::string detach_keys)
      : h_(h), input_(std::move(input)), outputs_(std::move(outputs)), stdin_open_(forward_stdin),
        detach_(std::move(detach_keys)) {
    if (input_.valid()) set_nonblocking(input_.get());
    for (auto& o : outputs_) set_nonblocking(o.from);
  }

  sys::Result<bool> run() {  // true: detached
    sys::Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, h_.pid, 0)));
    if (!pidfd.valid()) return sys::Error::last("pidfd_open", "exec helper " + std::to_string(h_.pid));
    for (;;) {
      if (resizes_.take()) pass_size();
      std::vector<pollfd> fds = poll_set(pidfd.get());
      if (::ppoll(fds.data(), fds.size(), nullptr, resizes_.mask()) < 0) {
        if (errno == EINTR) continue;
        return sys::Error::last("poll", "exec session");
      }
      if (fds[0].revents) {
        drain();
        return false;
      }
      for (size_t i = 0; i < outputs_.size(); ++i)
        if (fds[3 + i].revents && outputs_[i].open) copy_once(outputs_[i], broken_);
      if (fds[2].revents) flush_input();
      if (fds[1].revents) {
        read_stdin();
        if (detached_) return true;
      }
    }
  }

  void pass_size() {
    auto size = window_size();
    if (!size || !h_.terminal.valid()) return;
    winsize ws{size->rows, size->cols, 0, 0};
    ::ioctl(h_.terminal.get(), TIOCSWINSZ, &ws);
  }

 private:
  // [pidfd, stdin, input sink, outputs...]
  std::vector<pollfd> poll_set(int pidfd) const {
    std::vector<pollfd> fds;
    fds.push_back({pidfd, POLLIN, 0});
    bool want_stdin = stdin_open_ && pending_.empty() && input_.valid();
    fds.push_back({want_stdin ? 0 : -1, POLLIN, 0});
    fds.push_back({input_.valid() && !pending_.empty() ? input_.get() : -1, POLLOUT, 0});
    for (const auto& o : outputs_) fds.push_back({o.open ? o.from : -1, POLLIN, 0});
    return fds;
  }

  void read_stdin() {
    char buf[65536];
    ssize_t n = ::read(0, buf, sizeof buf);
    if (n < 0 && errno == EINTR) return;
    if (n <= 0) {
      stdin_open_ = false;
      end_input();
      return;
    }
    pending_ = detach_.feed(std::string_view(buf, static_cast<size_t>(n)), detached_);
    flush_input();
  }

  void flush_input() {
    while (!pending_.empty() && input_.valid()) {
      ssize_t n = ::write(input_.get(), pending_.data(), pending_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EAGAIN) return;
      if (n < 0) {  // the process closed its stdin
        pending_.clear();
        stdin_open_ = false;
        end_input();
        return;
      }
      pending_.erase(0, static_cast<size_t>(n));
    }
    if (!stdin_open_) end_input();
  }

  // A pipe closes: the process reads end-of-file. A terminal has no end to
  // send (closing the master would hang the process up): it stays.
  void end_input() {
    if (pending_.empty() && !h_.terminal.valid()) input_.reset();
  }

  void drain() {
    for (auto& o : outputs_)
      for (int i = 0; i < kDrainReads && o.open; ++i)
        if (!copy_once(o, broken_)) break;
  }

  runtime::ExecHandle& h_;
  sys::Fd input_;  // a pipe's write end, or (not owned) the terminal
  std::vector<Output> outputs_;
  bool stdin_open_;
  DetachMatcher detach_;
  ResizeWatch resizes_;
  std::string pending_;
  bool detached_ = false;
  bool broken_ = false;
};

}  // namespace

int exit_code_for(const sys::Error& e, int otherwise) {
  int code = container::command_failure_status(e);
  return code != 0 ? code : otherwise;
}

sys::Result<ExecOutcome> run_exec_session(container::Containers& cs, const std::string& ref, runtime::Process process,
                                          const ExecSessionOptions& o) {
  IgnoreSigpipe no_sigpipe;
  runtime::ExecIo io;
  sys::Fd in_r, in_w, out_r, out_w, err_r, err_w;
  bool tty = process.tty;
  process.stdin_open = o.interactive;
  if (tty) {
    bool has_term = std::any_of(process.env.begin(), process.env.end(),
                                [](const std::string& kv) { return kv.starts_with("TERM="); });
    const char* term = std::getenv("TERM");
    if (!has_term) process.env.push_back(std::string("TERM=") + (term && *term ? term : "xterm"));
    if (auto size = window_size()) {
      io.rows = size->rows;
      io.cols = size->cols;
    }
  } else {
    if (o.interactive) std::tie(in_r, in_w) = MOCKER_TRY(make_pipe("stdin"));
    std::tie(out_r, out_w) = MOCKER_TRY(make_pipe("stdout"));
    std::tie(err_r, err_w) = MOCKER_TRY(make_pipe("stderr"));
    io = runtime::ExecIo{in_r.valid() ? in_r.get() : -1, out_w.get(), err_w.get()};
  }
  // Raw before the process starts: what is typed from now on reaches it unchanged.
  RawTerminal raw(tty && o.interactive);
  runtime::ExecHandle h = MOCKER_TRY(cs.exec_start(ref, process, io));
  in_r.reset();
  out_w.reset();
  err_w.reset();
  std::vector<Output> outputs;
  sys::Fd input;
  if (tty) {
    outputs.push_back({h.terminal.get(), 1, true});
    if (o.interactive) input = sys::Fd(::fcntl(h.terminal.get(), F_DUPFD_CLOEXEC, 0));
  } else {
    outputs.push_back({out_r.get(), 1, true});
    outputs.push_back({err_r.get(), 2, true});
    input = std::move(in_w);
  }
  bool keys_apply = tty && o.interactive && ::isatty(0);
  Relay relay(h, std::move(input), std::move(outputs), o.interactive, keys_apply ? o.detach_keys : "");
  ExecOutcome outcome;
  outcome.detached = MOCKER_TRY(relay.run());
  if (outcome.detached) return outcome;  // the handle's descriptors close; the helper carries on
  h.link.reset();
  outcome.exit_code = MOCKER_TRY(runtime::exec_wait(h));
  return outcome;
}

}  // namespace mocker::cli
