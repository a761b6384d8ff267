#pragma once
// `exec` as users run it: the process's stdio relayed through us. The process
// never gets one of our descriptors (nor the terminal we run on): with a tty it
// has a terminal of the container's own, else pipes.
#include <mocker/container/containers.hpp>

#include <string>

namespace mocker::cli {

struct ExecSessionOptions {
  bool interactive = false;  // relay our stdin until its end, then close the process's
  std::string detach_keys;   // bytes (parse_detach_keys); with a tty and our stdin a terminal
};

struct ExecOutcome {
  int exit_code = 0;
  bool detached = false;  // the detach keys were typed: the process runs on
};

// Runs `process` in the container (a terminal when process.tty, with TERM from
// our environment, xterm when unset) and relays until it exits: our stdin to
// it, its output to ours, our window size to its terminal. ^C and ^\ typed on
// a terminal reach the process through its terminal.
engine::sys::Result<ExecOutcome> run_exec_session(engine::container::Containers& cs, const std::string& ref,
                                                  engine::runtime::Process process, const ExecSessionOptions& options);

// The exit code for an exec or run that failed before its command ran: 127 or
// 126 when the command was not found or not executable, else `otherwise`.
int exit_code_for(const engine::sys::Error& e, int otherwise);

}  // namespace mocker::cli
