#pragma once
// Becoming the workload: the last steps in the forked child, shared by a
// container's first process and by `exec` into a running container.
#include <mocker/init/spec.hpp>
#include <mocker/init/user.hpp>
#include <mocker/sys/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::init {

struct StepFailure {
  std::string step;
  sys::Error error;
  int exit_status;  // what the child exits with: 126/127 for exec failures, else 1
};

// The environment the workload sees: the process's, plus PATH and HOME when unset.
std::vector<std::string> workload_env(const Process& process, const Credentials& creds);

// The value of KEY in a KEY=VALUE list.
std::optional<std::string> env_value(const std::vector<std::string>& env, std::string_view key);

// In the child, with stdio already in place: signals reset, rlimits, capabilities,
// user, no_new_privs, seccomp, working directory, exec. Returns only on failure.
// parent_death_signal (0: none) is set after the user switch, which would clear it.
StepFailure become_workload(const Process& process, const Credentials& creds, int parent_death_signal = 0);

}  // namespace mocker::engine::init
