#pragma once
// Known traps: an errno seen in a given operation maps to advice for the user.
#include <mocker/sys/error.hpp>

namespace mocker::engine::sys {

// Attaches a hint when (operation, errno) matches a known trap. Returns the error.
Error with_known_hint(Error e);

}  // namespace mocker::engine::sys
