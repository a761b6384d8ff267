#pragma once
// What every engine-facing subcommand starts from: the project (loaded from
// the compose files, or only its name with -p when no file is around, so that
// ps, down and logs work from any directory), the engine, and what exists.
#include "command.hpp"

#include <mocker/container/engine.hpp>
#include <mocker/reconcile/observed.hpp>
#include <mocker/spec/model.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mocker::cli::compose {

struct Session {
  orchestrator::spec::Project project;
  bool from_files = false;  // false: only the name is known (-p without files)
  std::unique_ptr<engine::Engine> engine;
  std::map<std::string, std::string> environment;  // the process's

  // Containers of the project (one-off ones too with `oneoff`), by service then replica.
  engine::sys::Result<std::vector<engine::container::Container>> containers(
      bool all, const std::vector<std::string>& services = {}, bool oneoff = false);
  engine::sys::Result<orchestrator::reconcile::Observed> observe();
};

// Prints errors itself; nullopt means "exit 1". `need_files`: the command
// cannot work from the project name alone (up, run, config).
std::optional<Session> open_session(const GlobalOptions& global, bool need_files);

// "mocker-compose: <error>" on stderr; returns kExitFailure.
int fail(const engine::sys::Error& error);

std::map<std::string, std::string> process_environment();

}  // namespace mocker::cli::compose
