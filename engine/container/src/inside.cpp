// exec, stats, top: looking into a running container.
#include <mocker/container/containers.hpp>
#include <mocker/init/protocol.hpp>

#include <mocker/sys/fd.hpp>

#include <algorithm>
#include <sys/stat.h>

namespace mocker::engine::container {

namespace {
sys::Status require_running(const Container& c, const std::string& what) {
  if (c.state.status != Status::running) return sys::Error::invalid(what, c.name, "container is not running");
  return sys::ok();
}
}  // namespace

sys::Result<runtime::ExecHandle> Containers::exec_start(const std::string& ref, runtime::Process process,
                                                         const runtime::ExecIo& io) {
  Container c = MOCKER_TRY(get(ref));
  MOCKER_TRY(require_running(c, "exec in"));
  // A process joining a frozen group would freeze too (docker refuses as well).
  if (c.state.paused) return sys::Error::invalid("exec in", c.name, "container is paused: unpause it first");
  const auto& base = c.spec.process;
  std::vector<std::string> env = base.env;
  for (const auto& kv : process.env) env.push_back(kv);  // later entries win in execve's environment
  // Docker's default for a terminal whose type nobody gave.
  bool has_term = std::any_of(env.begin(), env.end(), [](const std::string& kv) { return kv.starts_with("TERM="); });
  if (process.tty && !has_term) env.push_back("TERM=xterm");
  process.env = env;
  if (process.cwd.empty()) process.cwd = base.cwd;
  if (process.user.empty()) process.user = base.user;
  process.cap_add = base.cap_add;
  process.cap_drop = base.cap_drop;
  process.rlimits = base.rlimits;
  auto* h = MOCKER_TRY(hierarchy());
  auto group = h->open(c.resources.cgroup);
  // The helper moves itself in, on v1 through tasks, 10 to 20 ms faster than a
  // move of another process (Cgroup::self_join_files).
  std::vector<std::string> join = group.self_join_files();
  if (join.empty())
    for (const auto& d : group.dirs()) join.push_back(d + "/cgroup.procs");
  return std::move(runtime::exec_start(c.state.pid, process, io, join, config_.init_path)).context("exec in " + c.name);
}

sys::Result<int> Containers::exec(const std::string& ref, runtime::Process process, const runtime::ExecIo& io) {
  auto handle = MOCKER_TRY(exec_start(ref, std::move(process), io));
  handle.link.reset();  // nobody reads a terminal here: its output is dropped
  handle.terminal.reset();
  return runtime::exec_wait(handle);
}

sys::Result<sys::Fd> Containers::attach(const std::string& ref) {
  Container c = MOCKER_TRY(get(ref));
  MOCKER_TRY(require_running(c, "attach to"));
  if (!c.spec.process.tty && !c.spec.process.stdin_open)
    return sys::Error::invalid("attach to", c.name, "the container has neither a tty nor an open stdin");
  return std::move(runtime::attach(c.resources.dir)).context("attach to " + c.name);
}

sys::Result<cgroup::Stats> Containers::stats(const std::string& ref) {
  Container c = MOCKER_TRY(get(ref));
  MOCKER_TRY(require_running(c, "stats of"));
  auto* h = MOCKER_TRY(hierarchy());
  return h->open(c.resources.cgroup).stats();
}

sys::Result<std::vector<ProcessInfo>> Containers::top(const std::string& ref) {
  Container c = MOCKER_TRY(get(ref));
  MOCKER_TRY(require_running(c, "top of"));
  auto* h = MOCKER_TRY(hierarchy());
  auto pids = MOCKER_TRY(h->open(c.resources.cgroup).pids());
  std::vector<ProcessInfo> out;
  for (pid_t pid : pids) {
    std::string dir = "/proc/" + std::to_string(pid);
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0) continue;  // exited meanwhile
    auto text = sys::read_file(dir + "/cmdline");
    std::string cmd = text ? *text : std::string();
    for (auto& ch : cmd)
      if (ch == '\0') ch = ' ';
    while (!cmd.empty() && cmd.back() == ' ') cmd.pop_back();
    out.push_back({pid, st.st_uid, cmd});
  }
  return out;
}

}  // namespace mocker::engine::container

namespace mocker::engine::container {

sys::Result<image::Image> Containers::commit(const std::string& ref, const image::Reference& target) {
  Container c = MOCKER_TRY(get(ref));
  image::Image base = MOCKER_TRY(images_.resolve(c.image_id));
  // The new image runs what the container ran, in the same environment.
  image::ImageConfig config = base.config;
  config.entrypoint.clear();
  config.cmd = c.spec.process.args;
  config.env = c.spec.process.env;
  config.working_dir = c.spec.process.cwd;
  config.user = c.spec.process.user;
  config.stop_signal = c.stop_signal;
  return std::move(images_.commit_rootfs(c.resources.rootfs, base, config, target)).context("commit " + c.name);
}

}  // namespace mocker::engine::container

namespace mocker::engine::container {

int command_failure_status(const sys::Error& e) { return init::command_failure_status(e); }

}  // namespace mocker::engine::container
