#pragma once
// Whether a recorded init pid is still that container's init, and waiting for it.
#include <mocker/sys/result.hpp>

#include <sys/types.h>

#include <chrono>
#include <cstdint>

namespace mocker::engine::container {

// /proc/PID/stat starttime; 0 when the process does not exist.
uint64_t start_ticks(pid_t pid);
// Alive (not a zombie) and started at `ticks`: not a reused pid.
bool is_alive(pid_t pid, uint64_t ticks);
// It has begun to exit (killed, or its main returned) but is not gone yet:
// an init still waiting for the rest of its pid namespace to die.
bool is_exiting(pid_t pid, uint64_t ticks);
// Waits until the process exits or the timeout passes; true when it exited.
bool wait_for_exit(pid_t pid, uint64_t ticks, std::chrono::milliseconds timeout);

}  // namespace mocker::engine::container
