#pragma once
// The default seccomp profile: everything is allowed except what Docker's default
// profile blocks for a container without extra capabilities.
#include <mocker/sys/result.hpp>

#include <string>

namespace mocker::engine::init {

// Loads the filter into the calling thread. Loading needs no_new_privs or
// CAP_SYS_ADMIN; this function sets neither.
sys::Status load_default_seccomp();

// The filter in libseccomp's pseudo-code form (for inspection and tests).
sys::Result<std::string> default_seccomp_text();

}  // namespace mocker::engine::init
