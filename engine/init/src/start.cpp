#include "start.hpp"

#include "attach_server.hpp"
#include "devices.hpp"
#include "loopback.hpp"
#include "pty.hpp"
#include "rootfs.hpp"
#include "signals.hpp"
#include "steps.hpp"
#include "supervisor.hpp"
#include "workload.hpp"

#include <mocker/init/protocol.hpp>
#include <mocker/init/spec.hpp>
#include <mocker/init/user.hpp>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <optional>
#include <tuple>

namespace mocker::engine::init {

namespace {

struct StartContext {
  ContainerSpec spec;
  int sync_fd = kSyncFd;
  sys::Fd signals;
  sys::Fd root;
  sys::Fd log, state_dir, oom;
  uint64_t oom_at_start = 0;
  Credentials creds;
  pid_t workload = -1;
  std::vector<OutputStream> streams;
  std::optional<AttachServer> attach;
  std::optional<Frame> workload_failure;
  int failure_status = 1;
};

// "0" moves the writing thread, and init has one. A thread moving itself does
// not take the lock a move by the parent would (see Cgroup::self_join_files).
sys::Status join_cgroups(StartContext& c) {
  for (const auto& file : c.spec.cgroup_join_files) {
    sys::Fd fd = MOCKER_TRY(sys::open_file(file, O_WRONLY));
    MOCKER_TRY(sys::write_all(fd.get(), "0", file));
  }
  return sys::ok();
}

// Without anything for the parent to do (no placed hook) the round trip is skipped.
sys::Status wait_for_placement(StartContext& c) {
  if (!c.spec.wait_for_placement) return sys::ok();
  MOCKER_TRY(send_frame(c.sync_fd, Frame{SyncPoint::init_started, 0, 0, "", ""}));
  auto f = MOCKER_TRY(recv_frame(c.sync_fd));
  if (!f) return sys::Error::invalid("wait for the engine", "", "it went away before placing the container");
  if (f->point != SyncPoint::placed) return sys::Error::invalid("wait for the engine", "", "unexpected frame");
  return sys::ok();
}

sys::Status enter_cgroup_namespace(StartContext&) {
  // Only now, after placement, so the namespace's root is the container's cgroup.
  if (::unshare(CLONE_NEWCGROUP) != 0) return sys::Error::last("unshare", "cgroup namespace");
  return sys::ok();
}

sys::Status open_container_files(StartContext& c) {
  const auto& s = c.spec;
  if (!s.log_path.empty()) c.log = MOCKER_TRY(sys::open_file(s.log_path, O_WRONLY | O_APPEND | O_CREAT, 0640));
  if (!s.state_dir.empty()) c.state_dir = MOCKER_TRY(sys::open_file(s.state_dir, O_RDONLY | O_DIRECTORY));
  if (!s.oom_counter_file.empty()) {
    c.oom = MOCKER_TRY(sys::open_file(s.oom_counter_file, O_RDONLY));
    c.oom_at_start = read_oom_kills(c.oom.get());
  }
  // Created before pivot_root, while the state dir can still be named.
  bool attachable = s.process.tty || s.process.stdin_open;
  if (attachable && c.state_dir.valid()) c.attach = MOCKER_TRY(AttachServer::listen(c.state_dir.get()));
  return sys::ok();
}

sys::Status loopback(StartContext& c) {
  return c.spec.network == NetworkMode::new_namespace ? bring_loopback_up() : sys::ok();
}

sys::Status private_mounts(StartContext&) { return make_mounts_private(); }

sys::Status bind_root(StartContext& c) {
  if (c.spec.rootfs.empty() || c.spec.rootfs[0] != '/')
    return sys::Error::invalid("rootfs", c.spec.rootfs, "must be an absolute path");
  c.root = MOCKER_TRY(bind_rootfs(c.spec.rootfs));
  return sys::ok();
}

sys::Status volumes(StartContext& c) { return mount_volumes(c.root.get(), c.spec.mounts); }
sys::Status proc(StartContext& c) { return mount_proc(c.root.get()); }
sys::Status dev(StartContext& c) { return mount_dev(c.root.get()); }
sys::Status sysfs(StartContext& c) { return mount_sys(c.root.get()); }
sys::Status cgroupfs(StartContext& c) { return mount_cgroups(c.root.get()); }

sys::Status pivot(StartContext& c) {
  MOCKER_TRY(pivot_to(c.root.get()));
  c.root.reset();
  return sys::ok();
}

sys::Status masks(StartContext&) { return mask_paths(); }
sys::Status read_only_paths(StartContext&) { return make_read_only_paths(); }

sys::Status read_only_root(StartContext& c) { return c.spec.read_only_rootfs ? make_root_read_only() : sys::ok(); }

sys::Status hostname(StartContext& c) {
  const auto& h = c.spec.hostname;
  const auto& d = c.spec.domainname;
  if (!h.empty() && ::sethostname(h.data(), h.size()) != 0) return sys::Error::last("sethostname", h);
  if (!d.empty() && ::setdomainname(d.data(), d.size()) != 0) return sys::Error::last("setdomainname", d);
  return sys::ok();
}

// A missing file reads as empty: numeric users still work, names do not.
sys::Result<std::string> read_optional(const std::string& path) {
  auto text = sys::read_file(path);
  if (!text && text.error().err == ENOENT) return std::string();
  return text;
}

sys::Status user(StartContext& c) {
  std::string passwd = MOCKER_TRY(read_optional("/etc/passwd"));
  std::string group = MOCKER_TRY(read_optional("/etc/group"));
  c.creds = MOCKER_TRY(resolve_user(c.spec.process.user, passwd, group));
  return sys::ok();
}

sys::Status workdir(StartContext& c) {
  const std::string& cwd = c.spec.process.cwd.empty() ? std::string("/") : c.spec.process.cwd;
  if (cwd[0] != '/') return sys::Error::invalid("working directory", cwd, "must be an absolute path");
  std::error_code ec;
  std::filesystem::create_directories(cwd, ec);
  if (ec) return sys::Error::from_errno("mkdir", cwd, ec.value());
  if (!std::filesystem::is_directory(cwd, ec)) return sys::Error::from_errno("working directory", cwd, ENOTDIR);
  return sys::ok();
}

sys::Result<std::pair<sys::Fd, sys::Fd>> make_pipe(const char* what) {
  int p[2];
  if (::pipe2(p, O_CLOEXEC) != 0) return sys::Error::last("pipe", what);
  return std::make_pair(sys::Fd(p[0]), sys::Fd(p[1]));
}

sys::Result<sys::Fd> duplicate(int fd, const char* what) {
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) return sys::Error::last("dup", what);
  return sys::Fd(copy);
}

sys::Status start_workload(StartContext& c) {
  const Process& p = c.spec.process;
  WorkloadStdio io;
  sys::Fd null, in_r, in_w, out_r, out_w, err_r, err_w;
  Pty pty;
  sys::Fd pty_input;
  if (p.tty) {
    pty = MOCKER_TRY(open_pty(c.creds));
    pty_input = MOCKER_TRY(duplicate(pty.master.get(), "pty"));
    io = WorkloadStdio{pty.terminal.get(), pty.terminal.get(), pty.terminal.get(), true, pty.terminal.get(), 0};
  } else {
    if (p.stdin_open) {
      std::tie(in_r, in_w) = MOCKER_TRY(make_pipe("stdin"));
    } else {
      null = MOCKER_TRY(sys::open_file("/dev/null", O_RDONLY));
    }
    std::tie(out_r, out_w) = MOCKER_TRY(make_pipe("stdout"));
    std::tie(err_r, err_w) = MOCKER_TRY(make_pipe("stderr"));
    io = WorkloadStdio{p.stdin_open ? in_r.get() : null.get(), out_w.get(), err_w.get(), true, -1, 0};
  }
  Launched l = MOCKER_TRY(launch_workload(p, c.creds, io));
  if (l.failure) {
    c.workload_failure = std::move(l.failure);
    c.failure_status = l.exit_status;
    return sys::Error::invalid("start workload", "", c.workload_failure->message);
  }
  c.workload = l.pid;
  if (p.tty) {
    if (c.attach) c.attach->set_input(std::move(pty_input), true);
    c.streams.push_back(OutputStream{std::move(pty.master), "stdout"});
  } else {
    if (c.attach) c.attach->set_input(std::move(in_w), false);
    c.streams.push_back(OutputStream{std::move(out_r), "stdout"});
    c.streams.push_back(OutputStream{std::move(err_r), "stderr"});
  }
  return sys::ok();
}

constexpr Step<StartContext> kSetup[] = {
    {"join cgroups", join_cgroups},
    {"wait for placement", wait_for_placement},
    {"enter cgroup namespace", enter_cgroup_namespace},
    {"open container files", open_container_files},
    {"bring up loopback", loopback},
    {"make mounts private", private_mounts},
    {"bind rootfs", bind_root},
    {"mount volumes", volumes},
    {"mount /proc", proc},
    {"mount /dev", dev},
    {"mount /sys", sysfs},
    {"mount /sys/fs/cgroup", cgroupfs},
    {"pivot root", pivot},
    {"mask paths", masks},
    {"make paths read-only", read_only_paths},
    {"make rootfs read-only", read_only_root},
    {"set hostname", hostname},
    {"resolve user", user},
    {"create working directory", workdir},
    {"start workload", start_workload},
};

sys::Result<ContainerSpec> read_spec() {
  sys::Fd config(kConfigFd);
  std::string text = MOCKER_TRY(sys::read_all(config.get(), "config"));
  return from_json_text<ContainerSpec>(text, "container config");
}

}  // namespace

int run_start(StepBoard& board) {
  StartContext c;
  auto signals = take_signals();
  if (!signals) {
    (void)send_frame(c.sync_fd, failure_frame("take signals", signals.error()));
    return 1;
  }
  c.signals = std::move(*signals);
  auto spec = read_spec();
  if (!spec) {
    (void)send_frame(c.sync_fd, failure_frame("read config", spec.error()));
    return 1;
  }
  c.spec = std::move(*spec);

  if (auto failure = run_steps(board, kSetup, c)) {
    (void)send_frame(c.sync_fd, *failure);
    return c.workload_failure ? c.failure_status : 1;
  }
  (void)send_frame(c.sync_fd, Frame{SyncPoint::ready, 0, c.workload, "", ""});
  ::close(c.sync_fd);

  SupervisorSetup s;
  s.workload = c.workload;
  s.streams = std::move(c.streams);
  s.signal_fd = c.signals.get();
  s.log = std::move(c.log);
  s.state_dir = std::move(c.state_dir);
  s.oom_counter = std::move(c.oom);
  s.oom_kills_at_start = c.oom_at_start;
  s.attach = std::move(c.attach);
  c.spec = {};  // not needed from here on: its heap goes back (see supervise)
  return supervise(std::move(s));
}

}  // namespace mocker::engine::init
