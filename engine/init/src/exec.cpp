#include "exec.hpp"

#include "pty.hpp"
#include "signals.hpp"
#include "steps.hpp"
#include "workload.hpp"

#include <mocker/init/protocol.hpp>
#include <mocker/init/spec.hpp>
#include <mocker/init/user.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <optional>

namespace mocker::engine::init {

namespace {

struct Namespace {
  const char* name;
  int type;
};

// The mount namespace goes last: after it, /proc/<pid> of the host is out of sight.
constexpr Namespace kNamespaces[] = {{"cgroup", CLONE_NEWCGROUP}, {"ipc", CLONE_NEWIPC}, {"uts", CLONE_NEWUTS},
                                     {"net", CLONE_NEWNET},       {"pid", CLONE_NEWPID}, {"mnt", CLONE_NEWNS}};

struct ExecContext {
  ExecRequest request;
  int sync_fd = kSyncFd;
  std::vector<std::pair<int, sys::Fd>> namespaces;  // type, fd
  Credentials creds;
  Pty pty;  // with process.tty
  pid_t child = -1;
  std::optional<Frame> workload_failure;
  int failure_status = 1;
};

// "0" is the writer: its one thread in a v1 `tasks` file (no global lock,
// see Cgroup::self_join_files), the whole process in `cgroup.procs`.
sys::Status join_cgroups(ExecContext& c) {
  for (const auto& file : c.request.cgroup_join_files) {
    sys::Fd fd = MOCKER_TRY(sys::open_file(file, O_WRONLY));
    MOCKER_TRY(sys::write_all(fd.get(), "0", file));
  }
  return sys::ok();
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}

sys::Status open_namespaces(ExecContext& c) {
  if (c.request.init_pid <= 0)
    return sys::Error::invalid("open namespaces", std::to_string(c.request.init_pid), "not a process id");
  std::string base = "/proc/" + std::to_string(c.request.init_pid) + "/ns/";
  for (const auto& ns : kNamespaces) {
    std::string path = base + ns.name;
    // Already there (host network): setns would be a no-op at best.
    if (same_file(path, std::string("/proc/self/ns/") + ns.name)) continue;
    c.namespaces.emplace_back(ns.type, MOCKER_TRY(sys::open_file(path, O_RDONLY)));
  }
  return sys::ok();
}

sys::Status join_namespaces(ExecContext& c) {
  for (const auto& [type, fd] : c.namespaces) {
    if (::setns(fd.get(), type) != 0) return sys::Error::last("setns", std::to_string(type));
  }
  c.namespaces.clear();
  if (::chdir("/") != 0) return sys::Error::last("chdir", "/");
  return sys::ok();
}

sys::Result<std::string> read_optional(const std::string& path) {
  auto text = sys::read_file(path);
  if (!text && text.error().err == ENOENT) return std::string();
  return text;
}

sys::Status user(ExecContext& c) {
  std::string passwd = MOCKER_TRY(read_optional("/etc/passwd"));
  std::string group = MOCKER_TRY(read_optional("/etc/group"));
  c.creds = MOCKER_TRY(resolve_user(c.request.process.user, passwd, group));
  return sys::ok();
}

// Opened after joining the mount namespace: the container's own devpts.
sys::Status open_terminal(ExecContext& c) {
  if (!c.request.process.tty) return sys::ok();
  c.pty = MOCKER_TRY(open_pty(c.creds));
  return set_window_size(c.pty, c.request.rows, c.request.cols);
}

sys::Status start_process(ExecContext& c) {
  // The process dies with this helper, so whoever waits on the helper can stop it.
  WorkloadStdio io{-1, -1, -1, true, -1, SIGKILL};
  if (c.pty.terminal.valid()) {
    int t = c.pty.terminal.get();
    io = WorkloadStdio{t, t, t, true, t, SIGKILL};  // its controlling terminal: ^C reaches it
  }
  Launched l = MOCKER_TRY(launch_workload(c.request.process, c.creds, io));
  c.pty.terminal.reset();
  if (l.failure) {
    c.workload_failure = std::move(l.failure);
    c.failure_status = l.exit_status;
    return sys::Error::invalid("start process", "", c.workload_failure->message);
  }
  c.child = l.pid;
  return sys::ok();
}

constexpr Step<ExecContext> kSetup[] = {
    {"join cgroups", join_cgroups},
    {"open namespaces", open_namespaces},
    {"join namespaces", join_namespaces},
    {"resolve user", user},
    {"open terminal", open_terminal},
    {"start process", start_process},
};

int status_of(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

struct Waiting {
  pid_t child;
  int signal_fd;
  sys::Fd link;    // with a terminal: the caller's sync socket, until it goes
  sys::Fd master;  // with a terminal: read and dropped once the caller is gone
};

void forward_signals(const Waiting& w) {
  signalfd_siginfo info;
  while (::read(w.signal_fd, &info, sizeof info) == sizeof info) {
    int sig = static_cast<int>(info.ssi_signo);
    // The terminal tells the process of a resize itself, after the size changed.
    if (sig == SIGCHLD || (sig == SIGWINCH && w.master.valid())) continue;
    ::kill(w.child, sig);
  }
}

void drop_output(Waiting& w) {
  char buf[4096];
  for (int i = 0; i < 64; ++i) {
    ssize_t n = ::read(w.master.get(), buf, sizeof buf);
    if (n > 0) continue;
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
    w.master.reset();  // EIO: every terminal side is closed
    return;
  }
}

// Passes signals on until the process exits.
int wait_for(Waiting w) {
  for (;;) {
    int status;
    pid_t done = ::waitpid(w.child, &status, WNOHANG);
    if (done == w.child) return status_of(status);
    if (done < 0 && errno != EINTR) return 127;
    bool caller_gone = !w.link.valid();
    pollfd p[3] = {{w.signal_fd, POLLIN, 0},
                   {w.link.valid() ? w.link.get() : -1, POLLIN, 0},
                   {caller_gone && w.master.valid() ? w.master.get() : -1, POLLIN, 0}};
    ::poll(p, 3, -1);
    if (p[0].revents) forward_signals(w);
    if (p[1].revents) w.link.reset();  // the caller closed its end: detached, or gone
    if (p[2].revents) drop_output(w);
  }
}

}  // namespace

int run_exec(StepBoard& board) {
  ExecContext c;
  auto signals = take_signals();
  if (!signals) {
    (void)send_frame(c.sync_fd, failure_frame("take signals", signals.error()));
    return 1;
  }
  sys::Fd config(kConfigFd);
  auto text = sys::read_all(config.get(), "config");
  auto request = text ? from_json_text<ExecRequest>(*text, "exec config") : sys::Result<ExecRequest>(text.error());
  config.reset();
  if (!request) {
    (void)send_frame(c.sync_fd, failure_frame("read config", request.error()));
    return 1;
  }
  c.request = std::move(*request);
  if (auto failure = run_steps(board, kSetup, c)) {
    (void)send_frame(c.sync_fd, *failure);
    return c.workload_failure ? c.failure_status : 1;
  }
  Waiting w{c.child, signals->get(), sys::Fd(c.sync_fd), std::move(c.pty.master)};
  (void)send_frame(c.sync_fd, Frame{SyncPoint::ready, 0, c.child, "", ""}, w.master.get());
  if (!w.master.valid()) w.link.reset();
  return wait_for(std::move(w));
}

}  // namespace mocker::engine::init
