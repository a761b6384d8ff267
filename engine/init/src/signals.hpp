#pragma once
// The signals init takes for itself (SIGCHLD) or passes on to the workload; all are
// blocked and read from a signalfd.
#include <mocker/sys/fd.hpp>

namespace mocker::engine::init {

// Blocks SIGCHLD and every forwardable signal; returns a non-blocking signalfd for them.
sys::Result<sys::Fd> take_signals();

}  // namespace mocker::engine::init
