#include "init_watch.hpp"
#include "spawn.hpp"

#include <mocker/runtime/runtime.hpp>

#include <sys/wait.h>

#include <cerrno>

namespace mocker::engine::runtime {

namespace {
constexpr int kFrameTimeoutMs = 60000;
}  // namespace

sys::Result<ExecHandle> exec_start(pid_t init_pid, const Process& process, const ExecIo& io,
                                   const std::vector<std::string>& cgroup_join_files, const std::string& init_path) {
  if (process.args.empty()) return sys::Error::invalid("exec", std::to_string(init_pid), "no command given");
  init::ExecRequest req{init_pid, process, cgroup_join_files, io.rows, io.cols};
  SpawnRequest request;
  request.init_path = init_path;
  request.mode = "exec";
  // With a terminal of its own the process is reached through it alone: the
  // helper leaves the caller's session, so the caller's terminal (its hangup,
  // its job control) has no say over it.
  request.new_session = process.tty;
  request.stdio[0] = io.stdin_fd;
  request.stdio[1] = io.stdout_fd;
  request.stdio[2] = io.stderr_fd;
  request.config = init::to_json_text(req);
  InitWatch watch(MOCKER_TRY(spawn_init(request)));
  sys::Fd terminal;
  auto frame = MOCKER_TRY(watch.next(kFrameTimeoutMs, &terminal));
  if (!frame) return watch.died();
  if (frame->point == init::SyncPoint::failed) return watch.failed(*frame);
  if (frame->point != init::SyncPoint::ready)
    return sys::Error::invalid("exec", std::to_string(init_pid), "unexpected frame from mocker-init");
  if (process.tty && !terminal.valid())
    return sys::Error::invalid("exec", std::to_string(init_pid), "mocker-init sent no terminal");
  ExecHandle h;
  h.terminal = std::move(terminal);
  if (h.terminal.valid()) h.link = watch.take_sync();
  h.pid = watch.release();
  return h;
}

sys::Result<int> exec_wait(const ExecHandle& handle) {
  int status = 0;
  while (::waitpid(handle.pid, &status, 0) < 0) {
    if (errno != EINTR) return sys::Error::last("wait for exec", std::to_string(handle.pid));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

sys::Result<int> exec(pid_t init_pid, const Process& process, const ExecIo& io,
                      const std::vector<std::string>& cgroup_join_files, const std::string& init_path) {
  ExecHandle h = MOCKER_TRY(exec_start(init_pid, process, io, cgroup_join_files, init_path));
  h.link.reset();
  h.terminal.reset();
  return exec_wait(h);
}

}  // namespace mocker::engine::runtime
