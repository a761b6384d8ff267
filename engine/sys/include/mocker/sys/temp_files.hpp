#pragma once
// The temp files write_file_atomic leaves when its writer dies between
// writing and renaming ("FILE.tmp.PID.N"), and removing them.
#include <sys/types.h>

#include <string>
#include <string_view>

namespace mocker::engine::sys {

// The pid in such a name; 0 when `name` is not one.
pid_t temp_file_writer(std::string_view name);
// Removes the temp files in dir whose writer is no longer alive (a command
// killed mid-write); returns how many went. A live writer's file stays.
int remove_stale_temp_files(const std::string& dir);

}  // namespace mocker::engine::sys
