#pragma once
// `mocker-init exec`: join a running container's namespaces and cgroups, run a process there.
#include <mocker/init/step_board.hpp>

namespace mocker::engine::init {

// Returns the process exit status (the process's own, 128+N when killed by N).
// Each setup step is written on the board.
int run_exec(StepBoard& board);

}  // namespace mocker::engine::init
