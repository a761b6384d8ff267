#pragma once
// Forking the workload and learning whether its exec worked: the child reports a
// failure as a frame on a CLOEXEC pipe; EOF without a frame means exec succeeded.
#include <mocker/init/process.hpp>
#include <mocker/init/protocol.hpp>
#include <mocker/sys/fd.hpp>

#include <sys/types.h>

#include <optional>

namespace mocker::engine::init {

// Descriptors the child puts at 0, 1, 2 (-1: leave as is).
struct WorkloadStdio {
  int in = -1;
  int out = -1;
  int err = -1;
  bool new_session = true;
  int controlling_tty = -1;  // made the controlling terminal when >= 0
  int parent_death_signal = 0;
};

struct Launched {
  pid_t pid = -1;
  std::optional<Frame> failure;  // set when the child failed before exec (it is reaped)
  int exit_status = 0;           // the failed child's exit status
};

sys::Result<Launched> launch_workload(const Process& process, const Credentials& creds, const WorkloadStdio& io);

}  // namespace mocker::engine::init
