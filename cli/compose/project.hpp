#pragma once
// Turning the global flags into a loaded project, and reporting its problems.
#include "command.hpp"

#include <mocker/spec/load.hpp>

namespace mocker::cli::compose {

// Loads the project the global flags describe, with the process environment and,
// when a file is "-", standard input.
orchestrator::spec::LoadResult load(const GlobalOptions& global, bool interpolate = true);

// Warnings, then errors, once each, to stderr. Returns true when there were no errors.
bool report(const orchestrator::spec::LoadResult& result);

}  // namespace mocker::cli::compose
