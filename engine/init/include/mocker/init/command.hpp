#pragma once
// Finding the workload's executable the way a shell would, in the container's PATH.
#include <mocker/sys/result.hpp>

#include <string>
#include <string_view>

namespace mocker::engine::init {

inline constexpr const char* kDefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

// A name containing '/' is used as is; otherwise each PATH entry is tried in turn.
// Errors read `exec "foo": executable file not found in $PATH`.
sys::Result<std::string> find_executable(const std::string& name, std::string_view path_env);

// The exit status a shell gives an exec failure: 126 found but not runnable, 127 not found.
int exec_failure_status(const sys::Error& e);

}  // namespace mocker::engine::init
