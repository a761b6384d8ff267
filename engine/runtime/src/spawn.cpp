#include "spawn.hpp"

#include <mocker/init/protocol.hpp>
#include <mocker/sys/spawn.hpp>

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace mocker::engine::runtime {

namespace {

using init::SyncPoint;

// Descriptors handed to the child sit at or above this, so moving them to 0-4
// never overwrites one not yet moved.
constexpr int kHighFd = 10;

sys::Result<sys::Fd> high_copy(int fd, const char* what) {
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, kHighFd);
  if (copy < 0) return sys::Error::last("dup", what);
  return sys::Fd(copy);
}

// A zeroed page (no step yet) that init maps from fd 5.
sys::Result<std::pair<sys::Fd, init::StepBoardMap>> step_board() {
  sys::Fd fd(::memfd_create("mocker-init-steps", MFD_CLOEXEC));
  if (!fd.valid()) return sys::Error::last("memfd_create", "mocker-init step board");
  if (::ftruncate(fd.get(), init::kStepBoardSize) != 0) return sys::Error::last("size", "mocker-init step board");
  auto map = MOCKER_TRY(init::map_step_board(fd.get()));
  return std::make_pair(std::move(fd), std::move(map));
}

sys::Result<sys::Fd> config_memfd(const std::string& config) {
  sys::Fd fd(::memfd_create("mocker-init-config", MFD_CLOEXEC));
  if (!fd.valid()) return sys::Error::last("memfd_create", "mocker-init config");
  MOCKER_TRY(sys::write_all(fd.get(), config, "mocker-init config"));
  if (::lseek(fd.get(), 0, SEEK_SET) < 0) return sys::Error::last("lseek", "mocker-init config");
  return fd;
}

// A failed frame built now; the child only patches the errno in.
struct PreparedFailure {
  std::array<char, 256> bytes{};
  size_t size = 0;
  PreparedFailure(const char* step, const std::string& message) {
    size = init::encode_frame_into(SyncPoint::failed, 0, 0, step, message, bytes.data(), bytes.size());
  }
  [[noreturn]] void report(int fd) {
    int32_t err = errno;
    std::memcpy(bytes.data() + init::frame_layout::kErrOffset, &err, sizeof err);
    (void)!::write(fd, bytes.data(), size);
    ::_exit(127);
  }
};

struct ChildPlan {
  int fds[6];  // sources for 0..5, all >= kHighFd
  int netns_fd;
  bool new_session;
  const char* path;
  char* const* argv;
  char* const* envp;
  PreparedFailure* netns_failure;
  PreparedFailure* exec_failure;
};

// Runs between clone and execve: async-signal-safe calls only, no allocation.
[[noreturn]] void child(const ChildPlan& p) {
  if (p.netns_fd >= 0 && ::setns(p.netns_fd, CLONE_NEWNET) != 0) p.netns_failure->report(p.fds[init::kSyncFd]);
  for (int target = 0; target < 6; ++target) {
    if (::dup2(p.fds[target], target) < 0) p.exec_failure->report(p.fds[init::kSyncFd]);
  }
  if (p.new_session) ::setsid();
  sys::close_descriptors_from(6);  // exactly 0-5: nothing else of ours reaches init
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(p.path, p.argv, p.envp);
  p.exec_failure->report(init::kSyncFd);
}

}  // namespace

sys::Result<Spawned> spawn_init(const SpawnRequest& r) {
  if (::access(r.init_path.c_str(), X_OK) != 0) return sys::Error::last("mocker-init", r.init_path);
  int pair[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, pair) != 0)
    return sys::Error::last("socketpair", "sync socket");
  sys::Fd ours(pair[0]), theirs(pair[1]);
  sys::Fd null = MOCKER_TRY(sys::open_file("/dev/null", O_RDWR));
  sys::Fd config = MOCKER_TRY(config_memfd(r.config));
  auto [board_fd, board] = MOCKER_TRY(step_board());

  std::array<sys::Fd, 6> sources;
  const char* names[6] = {"stdin", "stdout", "stderr", "sync socket", "config", "step board"};
  const int given[6] = {r.stdio[0] >= 0 ? r.stdio[0] : null.get(), r.stdio[1] >= 0 ? r.stdio[1] : null.get(),
                        r.stdio[2] >= 0 ? r.stdio[2] : null.get(), theirs.get(), config.get(), board_fd.get()};
  for (int i = 0; i < 6; ++i) sources[i] = MOCKER_TRY(high_copy(given[i], names[i]));
  sys::Fd netns;
  if (r.netns_fd >= 0) netns = MOCKER_TRY(high_copy(r.netns_fd, "network namespace"));

  std::string path = r.init_path, mode = r.mode;
  char* argv[] = {path.data(), mode.data(), nullptr};
  char* envp[] = {nullptr};
  PreparedFailure netns_failure("join network namespace", "setns");
  PreparedFailure exec_failure("exec mocker-init", "exec " + r.init_path);
  ChildPlan plan{{sources[0].get(), sources[1].get(), sources[2].get(), sources[3].get(), sources[4].get(),
                  sources[5].get()},
                 netns.valid() ? netns.get() : -1,
                 r.new_session,
                 path.c_str(),
                 argv,
                 envp,
                 &netns_failure,
                 &exec_failure};

  long pid = ::syscall(SYS_clone, static_cast<unsigned long>(r.namespaces) | SIGCHLD, nullptr, nullptr, nullptr,
                       nullptr);
  if (pid < 0) return sys::Error::last("clone", "mocker-init");
  if (pid == 0) child(plan);

  Spawned s;
  s.pid = static_cast<pid_t>(pid);
  s.sync = std::move(ours);
  s.board = std::move(board);
  // Our child cannot be recycled until we reap it, so the pidfd is for this process.
  s.pidfd = sys::Fd(static_cast<int>(::syscall(SYS_pidfd_open, s.pid, 0)));
  if (!s.pidfd.valid()) {
    auto e = sys::Error::last("pidfd_open", std::to_string(s.pid));
    ::kill(s.pid, SIGKILL);
    while (::waitpid(s.pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return e;
  }
  return s;
}

}  // namespace mocker::engine::runtime
