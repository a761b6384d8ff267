#pragma once
// Running a helper program (mkfs.btrfs) and collecting what it printed.
#include <mocker/sys/result.hpp>

#include <string>
#include <vector>

namespace mocker::engine::sys {

struct ProcessOutput {
  int exit_code;       // 128+N when killed by signal N
  std::string output;  // stdout and stderr together
};

// Runs argv[0] (searched in PATH) with stdin from /dev/null; waits for it.
Result<ProcessOutput> run_process(const std::vector<std::string>& argv);

}  // namespace mocker::engine::sys
