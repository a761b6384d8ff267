#include "exec.hpp"

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

sys::Status start_process(ExecContext& c) {
  // The process dies with this helper, so whoever waits on the helper can stop it.
  WorkloadStdio io{-1, -1, -1, true, -1, SIGKILL};
  Launched l = MOCKER_TRY(launch_workload(c.request.process, c.creds, io));
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
    {"start process", start_process},
};

int status_of(int wait_status) {
  return WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 128 + WTERMSIG(wait_status);
}

// Passes signals on until the process exits.
int wait_for(pid_t child, int signal_fd) {
  for (;;) {
    int status;
    pid_t done = ::waitpid(child, &status, WNOHANG);
    if (done == child) return status_of(status);
    if (done < 0 && errno != EINTR) return 127;
    pollfd p{signal_fd, POLLIN, 0};
    ::poll(&p, 1, -1);
    signalfd_siginfo info;
    while (::read(signal_fd, &info, sizeof info) == sizeof info) {
      if (info.ssi_signo != SIGCHLD) ::kill(child, static_cast<int>(info.ssi_signo));
    }
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
  (void)send_frame(c.sync_fd, Frame{SyncPoint::ready, 0, c.child, "", ""});
  ::close(c.sync_fd);
  return wait_for(c.child, signals->get());
}

}  // namespace mocker::engine::init
