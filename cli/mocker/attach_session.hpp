#pragma once
// An interactive session with a container (run -i / -t, start -ai): the
// terminal in raw mode when -t, its size passed on, stdin relayed, output shown.
#include <mocker/sys/fd.hpp>

namespace mocker::cli {

// Relays until the container closes the connection (its workload exited).
// Returns whether any output came through it.
engine::sys::Result<bool> relay_attach(engine::sys::Fd socket, bool tty, bool forward_stdin);

}  // namespace mocker::cli
