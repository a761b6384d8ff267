#pragma once
// Running a helper program (mkfs.btrfs) and collecting what it printed;
// finding our own companion programs.
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

// Where one of our own programs is (mocker-init, mocker-dns,
// mocker-supervisor): $env_variable if set (it must be executable), else
// `name` next to the running executable, else in ../libexec/mocker/ from it.
// Not found: an error naming both places and the variable.
Result<std::string> locate_companion(const std::string& name, const std::string& env_variable);

}  // namespace mocker::engine::sys
