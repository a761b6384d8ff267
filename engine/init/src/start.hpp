#pragma once
// `mocker-init start`: set up the container as PID 1, start the workload, supervise it.
namespace mocker::engine::init {

// Returns the process exit status.
int run_start();

}  // namespace mocker::engine::init
