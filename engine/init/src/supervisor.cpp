#include "supervisor.hpp"

#include <mocker/init/line_splitter.hpp>
#include <mocker/init/records.hpp>

#include <fcntl.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace mocker::engine::init {

namespace {

// A container whose workload exited is torn down within this bound even if some
// process keeps an output pipe open after SIGKILL (it cannot, but never hang).
constexpr int kDrainPolls = 50;
constexpr int kDrainPollMs = 100;

// Below the loop's frame: room for its own calls, which never go deep.
constexpr uintptr_t kStackKept = 8 * 1024;
// How deep setup may have gone below that (the JSON parse, mounts, seccomp).
// Mappings start at least 128 MiB below a stack (the kernel's gap), so nothing
// else can be in this span.
constexpr uintptr_t kStackReleased = 2 * 1024 * 1024;

// Setup's heap and its deep stack frames are never used again, and every
// container has an init: give their pages back (the kernel refaults zeroed
// pages should the stack grow there again).
[[gnu::noinline]] void release_setup_memory() {
  ::malloc_trim(0);
  const auto page = static_cast<uintptr_t>(::sysconf(_SC_PAGESIZE));
  const auto here = reinterpret_cast<uintptr_t>(__builtin_frame_address(0));
  const uintptr_t top = (here - kStackKept) & ~(page - 1);
  // ENOMEM for the part of the span the stack never reached is expected.
  ::madvise(reinterpret_cast<void*>(top - kStackReleased), kStackReleased, MADV_DONTNEED);
}

struct Stream {
  sys::Fd fd;
  std::string name;
  AttachStream tag;
  LineSplitter lines;
};

class Supervisor {
 public:
  explicit Supervisor(SupervisorSetup s) : s_(std::move(s)) {
    for (auto& o : s_.streams) {
      ::fcntl(o.fd.get(), F_SETFL, ::fcntl(o.fd.get(), F_GETFL) | O_NONBLOCK);
      AttachStream tag = std::string_view(o.name) == "stderr" ? AttachStream::err : AttachStream::out;
      streams_.push_back(Stream{std::move(o.fd), o.name, tag, LineSplitter{}});
    }
  }

  int run() {
    release_setup_memory();
    int polls_left = kDrainPolls;
    while (!(killed_ && all_closed())) {
      if (killed_ && polls_left-- == 0) break;
      wait_for_events(killed_ ? kDrainPollMs : -1);
      if (workload_done_ && !killed_) {
        drain();
        // The container ends with its main process: nothing else may linger.
        ::kill(-1, SIGKILL);
        killed_ = true;
      }
    }
    reap_all_blocking();
    for (auto& st : streams_)
      if (auto rest = st.lines.flush()) log(st.name, *rest);
    if (s_.attach) s_.attach->shut_down(s_.state_dir.valid() ? s_.state_dir.get() : -1);
    write_exit_record();
    return exit_status_;
  }

 private:
  bool all_closed() const {
    for (const auto& st : streams_)
      if (st.fd.valid()) return false;
    return true;
  }

  void wait_for_events(int timeout_ms) {
    std::vector<pollfd> fds{{s_.signal_fd, POLLIN, 0}};
    for (const auto& st : streams_)
      if (st.fd.valid()) fds.push_back({st.fd.get(), POLLIN, 0});
    if (s_.attach && !workload_done_) s_.attach->add_poll_fds(fds);
    int n = ::poll(fds.data(), fds.size(), timeout_ms);
    if (n <= 0) return;
    if (fds[0].revents) handle_signals();
    for (auto& st : streams_) read_some(st);
    if (s_.attach && !workload_done_) s_.attach->handle(fds);
  }

  void handle_signals() {
    signalfd_siginfo info;
    while (::read(s_.signal_fd, &info, sizeof info) == sizeof info) {
      int sig = static_cast<int>(info.ssi_signo);
      if (sig == SIGCHLD) {
        reap();
      } else if (!workload_done_) {
        ::kill(s_.workload, sig);
      }
    }
  }

  void record(int status) {
    workload_done_ = true;
    if (WIFSIGNALED(status)) {
      signal_ = WTERMSIG(status);
      exit_status_ = 128 + signal_;
    } else {
      exit_status_ = WEXITSTATUS(status);
    }
  }

  void reap() {
    int status;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0)
      if (pid == s_.workload) record(status);
  }

  void reap_all_blocking() {
    int status;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, 0)) > 0 || (pid < 0 && errno == EINTR))
      if (pid == s_.workload) record(status);
  }

  // One read per wakeup keeps both streams moving in step.
  void read_some(Stream& st) {
    if (!st.fd.valid()) return;
    char buf[65536];
    ssize_t n = ::read(st.fd.get(), buf, sizeof buf);
    if (n > 0) {
      take(st, std::string_view(buf, static_cast<size_t>(n)));
    } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
      st.fd.reset();  // EOF; EIO from a pty once the workload's side is closed
    }
  }

  void take(Stream& st, std::string_view bytes) {
    if (s_.attach) s_.attach->broadcast(st.tag, bytes);
    for (auto& line : st.lines.feed(bytes)) log(st.name, line);
  }

  // What the workload wrote before it exited, in the order the pipes hold it.
  void drain() {
    for (int round = 0; round < 1024; ++round) {
      bool any = false;
      for (auto& st : streams_) {
        if (!st.fd.valid()) continue;
        char buf[65536];
        ssize_t n = ::read(st.fd.get(), buf, sizeof buf);
        if (n > 0) {
          any = true;
          take(st, std::string_view(buf, static_cast<size_t>(n)));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
          st.fd.reset();
        }
      }
      if (!any) return;
    }
  }

  void log(const std::string& stream, const std::string& text) {
    if (!s_.log.valid()) return;
    std::string line = format_log_record({text, stream, format_timestamp(now_realtime())}) + "\n";
    // A full disk must not stop the container; the record is lost.
    (void)sys::write_all(s_.log.get(), line, "log");
  }

  void write_exit_record() {
    if (!s_.state_dir.valid()) return;
    ExitRecord r;
    r.exit_code = exit_status_;
    r.signal = signal_;
    r.oom_killed = s_.oom_counter.valid() && read_oom_kills(s_.oom_counter.get()) > s_.oom_kills_at_start;
    r.finished_at = format_timestamp(now_realtime());
    std::string tmp = std::string(kExitRecordFile) + ".tmp";
    int dir = s_.state_dir.get();
    int fd = ::openat(dir, tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) return;
    sys::Fd file(fd);
    // Atomic, not durable: after a host crash the container is gone and its
    // records are stale anyway, while an fsync here delays every exit.
    if (!sys::write_all(fd, format_exit_record(r), tmp)) return;
    file.reset();
    ::renameat(dir, tmp.c_str(), dir, kExitRecordFile);
  }

  SupervisorSetup s_;
  std::vector<Stream> streams_;
  bool workload_done_ = false;
  bool killed_ = false;
  int exit_status_ = 0;
  int signal_ = 0;
};

}  // namespace

uint64_t read_oom_kills(int fd) {
  char buf[4096];
  ssize_t n = ::pread(fd, buf, sizeof buf - 1, 0);
  if (n <= 0) return 0;
  std::string_view text(buf, static_cast<size_t>(n));
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    std::string_view line = text.substr(at, nl == std::string_view::npos ? std::string_view::npos : nl - at);
    if (line.starts_with("oom_kill ")) {
      uint64_t v = 0;
      line.remove_prefix(9);
      std::from_chars(line.data(), line.data() + line.size(), v);
      return v;
    }
    if (nl == std::string_view::npos) break;
    at = nl + 1;
  }
  return 0;
}

int supervise(SupervisorSetup setup) { return Supervisor(std::move(setup)).run(); }

}  // namespace mocker::engine::init
