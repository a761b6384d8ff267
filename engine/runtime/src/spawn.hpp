#pragma once
// Starting mocker-init from a possibly multi-threaded process: everything is
// prepared before clone(); the child only moves descriptors into place, joins a
// network namespace if asked, and execs.
#include <mocker/init/step_board.hpp>
#include <mocker/sys/fd.hpp>

#include <sys/types.h>

#include <string>

namespace mocker::engine::runtime {

struct SpawnRequest {
  std::string init_path;
  const char* mode;          // "start" | "exec"
  int namespaces = 0;        // CLONE_NEW* flags
  int netns_fd = -1;         // joined right before execve when >= 0
  bool new_session = false;  // leave the caller's session and terminal
  int stdio[3] = {-1, -1, -1};  // -1: /dev/null
  std::string config;        // JSON handed over on fd 4
};

struct Spawned {
  pid_t pid = -1;
  sys::Fd sync;   // our end of the sync socket
  sys::Fd pidfd;  // for bounded waits
  init::StepBoardMap board;  // the step init is in (fd 5 on its side)
};

sys::Result<Spawned> spawn_init(const SpawnRequest& request);

}  // namespace mocker::engine::runtime
