#pragma once
// An interactive session with a container's workload through init's attach
// socket (run -i / -t, start -a, compose run): the terminal in raw mode with
// -t, its size passed on, stdin relayed, output shown.
#include <mocker/container/containers.hpp>
#include <mocker/sys/fd.hpp>

#include <string>

namespace mocker::cli {

struct AttachOptions {
  bool tty = false;            // the workload has a terminal: ours goes raw
  bool forward_stdin = false;  // relay our stdin (its end closes the workload's)
  std::string detach_keys;     // bytes (parse_detach_keys); with a tty only
};

struct AttachOutcome {
  bool any_output = false;  // whether output came through the socket
  bool detached = false;    // the detach keys were typed
};

// Relays until the container closes the connection (its workload exited) or
// the detach keys are typed.
engine::sys::Result<AttachOutcome> relay_attach(engine::sys::Fd socket, const AttachOptions& options);

// Shows a started container's output until it exits: through the attach
// socket when it has a tty or an open stdin, else (or when the workload ended
// before we were served) from its log. Signals sent to us go to the container
// meanwhile, except ^C on a tty, which travels as a byte. Returns whether the
// session was detached.
engine::sys::Result<bool> follow_until_exit(engine::container::Containers& cs,
                                            const engine::container::Container& c, const std::string& detach_keys);

}  // namespace mocker::cli
