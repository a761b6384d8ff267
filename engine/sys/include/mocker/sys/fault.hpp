#pragma once
// Fault points for tests: a named step where a test can stop or kill the
// engine exactly, instead of hoping a race happens. Armed only by the
// environment: MOCKER_FAULT=NAME[:ACTION][,NAME[:ACTION]...], ACTION one of
//   stop  (default) raise SIGSTOP, so the test acts while we are held at NAME,
//         then sends SIGCONT or SIGKILL;
//   kill  raise SIGKILL: the command dies at NAME, as under kill -9;
//   fail  return an error (EIO) from NAME.
// MOCKER_FAULT_MARK=FILE, if set, gets NAME appended (one line) before the
// action, so a test can wait for the step to be reached.
// Unarmed, a fault point costs one getenv on first use.
#include <mocker/sys/result.hpp>

#include <string_view>

namespace mocker::engine::sys {

Status fault_point(std::string_view name);

}  // namespace mocker::engine::sys
