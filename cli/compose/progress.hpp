#pragma once
// Progress lines of up/down: plain lines ("Container demo-web-1  Started"),
// JSON objects (--progress json) or nothing (quiet).
#include <functional>
#include <string>

namespace mocker::cli::compose {

// "auto" picks plain; tty gets a tick on finished steps.
std::function<void(const std::string&)> progress_printer(const std::string& mode);

}  // namespace mocker::cli::compose
