// mocker-compose pause / unpause: freeze and thaw the services' running containers.
#include "command.hpp"
#include "project_lock.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <iostream>
#include <memory>

namespace mocker::cli::compose {
namespace {

namespace container = engine::container;

struct PauseOptions {
  std::vector<std::string> services;
};

int run(const GlobalOptions& global, const PauseOptions& o, bool pause) {
  auto session = open_session(global, false);
  if (!session) return kExitFailure;
  auto lock = ProjectLock::acquire(supervisor_paths(*session), session->project.name);
  if (!lock) return fail(lock.error());
  auto list = session->containers(false, o.services);
  if (!list) return fail(list.error());
  int status = kExitOk;
  for (const auto& c : *list) {
    // Like docker compose: what is already in the asked state is left alone.
    if (c.state.paused == pause) continue;
    auto& cs = session->engine->containers();
    auto done = pause ? cs.pause(c.id) : cs.unpause(c.id);
    if (!done) {
      status = fail(done.error());
      continue;
    }
    std::cerr << "Container " << c.name << "  " << (pause ? "Paused" : "Unpaused") << "\n";
  }
  return status;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global, bool pause) {
  auto* cmd = app.add_subcommand(pause ? "pause" : "unpause", pause ? "Pause services (cgroup freezer)" : "Unpause services");
  auto o = std::make_shared<PauseOptions>();
  cmd->add_option("SERVICE", o->services, "Services (default: all)");
  return [&global, o, pause] { return run(global, *o, pause); };
}

const Registration pause_registration{"pause", [](CLI::App& a, const GlobalOptions& g) { return setup(a, g, true); }};
const Registration unpause_registration{"unpause", [](CLI::App& a, const GlobalOptions& g) { return setup(a, g, false); }};

}  // namespace
}  // namespace mocker::cli::compose
