#pragma once
// Starting a helper program with exactly the descriptors it is meant to have.
// Every descriptor we open is close-on-exec, but one opened by a library, or
// by another thread between its open and its fcntl, would still reach a child:
// so every child also closes what it was not given before it execs.
#include <mocker/sys/result.hpp>

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace mocker::engine::sys {

// For a child between fork/clone and exec (async-signal-safe, no allocation):
// closes every descriptor numbered `first` or above.
void close_descriptors_from(int first) noexcept;
// The same, but marks them close-on-exec instead of closing them, for a child
// that still uses one of them until its exec (a pipe that reports a failed
// exec, itself close-on-exec).
void close_on_exec_from(int first) noexcept;

// One descriptor of the child: a copy of one of ours (source >= 0), or a file
// the child opens (path, flags, mode).
struct ChildFd {
  int target;
  int source = -1;
  std::string path;
  int flags = 0;
  mode_t mode = 0;

  static ChildFd copy(int target, int source) { return {target, source, {}, 0, 0}; }
  static ChildFd open(int target, std::string path, int flags, mode_t mode = 0) {
    return {target, -1, std::move(path), flags, mode};
  }
};

struct SpawnRequest {
  std::vector<std::string> argv;  // argv[0]: a path, or a name looked up in PATH when search_path
  bool search_path = false;
  // The child's descriptors, and no others; 0, 1 and 2 not listed are /dev/null.
  std::vector<ChildFd> fds;
  bool new_session = false;  // its own session: our terminal closing does not end it
};

// Starts the program (posix_spawn: safe from a multi-threaded process) with
// an empty signal mask and default dispositions for the signals that end a
// process; returns its pid (our child: the caller reaps it).
Result<pid_t> spawn(const SpawnRequest& request);

}  // namespace mocker::engine::sys
