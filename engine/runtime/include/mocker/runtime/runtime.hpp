#pragma once
// Bringing a container to life and joining a running one. The container's PID 1 is
// mocker-init (engine/init); after start, the container depends on nothing but its
// init: signals go to init, output and the exit record come from init.
#include <mocker/init/attach.hpp>
#include <mocker/init/records.hpp>
#include <mocker/init/spec.hpp>
#include <mocker/sys/fd.hpp>
#include <mocker/sys/result.hpp>

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::runtime {

using init::ContainerSpec;
using init::ExitRecord;
using init::LogRecord;
using init::Mount;
using init::NetworkMode;
using init::Process;
using init::Rlimit;

struct Hooks {
  // Runs once init exists in its new namespaces and before it sets anything up:
  // put the pid into cgroups, plumb networking into /proc/PID/ns/net. An error here
  // kills init and is returned as is. Unset: init does not wait for it (one round
  // trip less).
  std::function<sys::Status(pid_t init_pid)> placed;
};

struct Started {
  pid_t init_pid;
};

// Starts mocker-init (spec.init_path) in new pid, mount, uts, ipc (and, unless the
// network mode says otherwise, net) namespaces; returns once the workload runs. A
// failure inside the container's setup comes back whole: "<step>: <what>: <errno>".
// init is a child of the caller, who should reap it; if the caller dies, init
// carries on and still writes the log and the exit record.
sys::Result<Started> start(const ContainerSpec& spec, const Hooks& hooks);

// The caller's descriptors for an exec'd process; -1 means /dev/null. With
// Process::tty they are not used: the process gets a terminal of its own.
struct ExecIo {
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  // With Process::tty: the terminal's size when the process starts (0: unset).
  uint16_t rows = 0;
  uint16_t cols = 0;
};

// The helper process that waits for the exec'd process and exits with its status.
// The process dies with the helper: SIGKILL the helper to stop it (timeouts).
struct ExecHandle {
  pid_t pid = -1;
  // With Process::tty: the master side of the process's terminal (a pty of the
  // container's devpts, the process's controlling terminal). Bytes written to it
  // are the process's input, so ^C and ^\ become SIGINT and SIGQUIT for it;
  // TIOCSWINSZ on it resizes the terminal. Read what the process writes here.
  sys::Fd terminal;
  // With Process::tty: kept open while the caller is there. Closing it (and the
  // terminal) detaches: the process runs on and its output is dropped.
  sys::Fd link;
};

// Runs `process` inside the container whose init is init_pid: joins its namespaces
// and its cgroups (writing "0" into each of cgroup_join_files), applies user, env, workdir, capabilities,
// no_new_privs and seccomp as for the container's own workload. Returns once the
// process runs.
sys::Result<ExecHandle> exec_start(pid_t init_pid, const Process& process, const ExecIo& io,
                                   const std::vector<std::string>& cgroup_join_files, const std::string& init_path);

// Waits for the exec'd process; its exit status, 128+N when killed by signal N.
sys::Result<int> exec_wait(const ExecHandle& handle);

// exec_start, then exec_wait.
sys::Result<int> exec(pid_t init_pid, const Process& process, const ExecIo& io,
                      const std::vector<std::string>& cgroup_join_files, const std::string& init_path);

// Where mocker-init is: $MOCKER_INIT, else next to the running executable, else
// ../libexec/mocker/ from it.
sys::Result<std::string> locate_init();

// Connects to a running container's attach socket (tty or open stdin only). The
// messages are those of mocker/init/attach.hpp: output packets from init; input,
// close-input and resize packets to it.
sys::Result<sys::Fd> attach(const std::string& state_dir);

// The exit record init wrote into state_dir; nullopt while the container runs.
sys::Result<std::optional<ExitRecord>> read_exit_record(const std::string& state_dir);

}  // namespace mocker::engine::runtime
