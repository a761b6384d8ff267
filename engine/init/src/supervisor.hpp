#pragma once
// Init's life after the workload started: reap every child, forward signals to the
// workload, copy its output into the log file, and when it exits, write the exit
// record and return the status init exits with.
#include "attach_server.hpp"

#include <mocker/sys/fd.hpp>

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace mocker::engine::init {

struct OutputStream {
  sys::Fd fd;        // read end of the workload's pipe (or pty master)
  const char* name;  // "stdout" | "stderr"
};

struct SupervisorSetup {
  pid_t workload = -1;
  std::vector<OutputStream> streams;
  int signal_fd = -1;  // signalfd for SIGCHLD and the forwarded signals
  sys::Fd log;         // may be invalid: output is then dropped
  sys::Fd state_dir;   // may be invalid: no exit record then
  sys::Fd oom_counter;  // may be invalid
  uint64_t oom_kills_at_start = 0;
  std::optional<AttachServer> attach;  // tty or open stdin
};

// Returns the workload's exit status (128+N when killed by signal N).
int supervise(SupervisorSetup setup);

// The `oom_kill N` count in a memory.oom_control / memory.events file.
uint64_t read_oom_kills(int fd);

}  // namespace mocker::engine::init
