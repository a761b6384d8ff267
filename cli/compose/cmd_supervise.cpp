// mocker-compose __supervise: the detached supervisor of one project (-p), as
// mocker-supervisor runs it; used when that binary is not installed. Not for
// users, so hidden from --help.
#include "command.hpp"
#include "session.hpp"

#include <mocker/supervisor/supervisor.hpp>

#include <iostream>

namespace mocker::cli::compose {
namespace {

namespace supervisor = orchestrator::supervisor;

int run_supervise(const GlobalOptions& global) {
  if (global.project_name.empty()) {
    std::cerr << "mocker-compose: __supervise needs --project-name\n";
    return kExitUsage;
  }
  if (auto st = supervisor::run_spawned_supervisor(global.project_name); !st) return fail(st.error());
  return kExitOk;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("__supervise", "");
  cmd->group("");  // hidden
  return [&global] { return run_supervise(global); };
}

const Registration registration{"__supervise", &setup};

}  // namespace
}  // namespace mocker::cli::compose
