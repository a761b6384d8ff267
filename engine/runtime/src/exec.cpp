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
  init::ExecRequest req{init_pid, process, cgroup_join_files};
  SpawnRequest request;
  request.init_path = init_path;
  request.mode = "exec";
  request.stdio[0] = io.stdin_fd;
  request.stdio[1] = io.stdout_fd;
  request.stdio[2] = io.stderr_fd;
  request.config = init::to_json_text(req);
  InitWatch watch(MOCKER_TRY(spawn_init(request)));
  for (;;) {
    auto frame = MOCKER_TRY(watch.next(kFrameTimeoutMs));
    if (!frame) return watch.died();
    if (frame->point == init::SyncPoint::failed) return watch.failed(*frame);
    if (frame->point == init::SyncPoint::ready) return ExecHandle{watch.release()};
    return sys::Error::invalid("exec", std::to_string(init_pid), "unexpected frame from mocker-init");
  }
}

sys::Result<int> exec_wait(ExecHandle handle) {
  int status = 0;
  while (::waitpid(handle.pid, &status, 0) < 0) {
    if (errno != EINTR) return sys::Error::last("wait for exec", std::to_string(handle.pid));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

sys::Result<int> exec(pid_t init_pid, const Process& process, const ExecIo& io,
                      const std::vector<std::string>& cgroup_join_files, const std::string& init_path) {
  ExecHandle h = MOCKER_TRY(exec_start(init_pid, process, io, cgroup_join_files, init_path));
  return exec_wait(h);
}

}  // namespace mocker::engine::runtime
