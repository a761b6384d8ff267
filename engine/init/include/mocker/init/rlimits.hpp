#pragma once
// Resource limits asked for the workload. Nothing is set by default: the workload
// inherits what the engine has, so a default can never raise a limit.
#include <mocker/init/spec.hpp>
#include <mocker/sys/result.hpp>

#include <string_view>
#include <vector>

namespace mocker::engine::init {

// "nofile", "NOFILE", "RLIMIT_NOFILE" -> RLIMIT_NOFILE.
sys::Result<int> rlimit_resource(std::string_view name);

// Known name and soft <= hard.
sys::Status validate_rlimit(const Rlimit& limit);

// Applies each limit to the calling process. A hard limit above the current one
// fails with words saying so (raising needs CAP_SYS_RESOURCE).
sys::Status apply_rlimits(const std::vector<Rlimit>& limits);

}  // namespace mocker::engine::init
