#pragma once
// `mocker-init start`: set up the container as PID 1, start the workload, supervise it.
#include <mocker/init/step_board.hpp>

namespace mocker::engine::init {

// Returns the process exit status. Each setup step is written on the board.
int run_start(StepBoard& board);

}  // namespace mocker::engine::init
