// mocker-compose events [--json] [SERVICE...]: the project's container events
// as they happen (create, start, die, restart, health_status, oom, destroy).
#include "command.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <mocker/supervisor/events.hpp>

#include <atomic>
#include <csignal>
#include <iostream>

namespace mocker::cli::compose {
namespace {

namespace supervisor = orchestrator::supervisor;

struct EventsOptions {
  bool json = false;
  bool since_start = false;
  std::vector<std::string> services;
};

std::atomic<bool> g_stop{false};
extern "C" void on_signal(int) { g_stop = true; }

int run_events(const GlobalOptions& global, const EventsOptions& o) {
  auto session = open_session(global, false);
  if (!session) return kExitFailure;
  ensure_supervisor(*session);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  auto st = supervisor::follow_events(supervisor_paths(*session), o.since_start, [&](const supervisor::Event& e) {
    if (!o.services.empty() && std::find(o.services.begin(), o.services.end(), e.service) == o.services.end())
      return true;
    std::cout << (o.json ? supervisor::to_json(e).dump() : supervisor::event_text(e)) << std::endl;
    return static_cast<bool>(std::cout);  // the reader went away
  }, &g_stop);
  if (!st) return fail(st.error());
  return kExitOk;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("events", "Stream the project's container events");
  auto o = std::make_shared<EventsOptions>();
  cmd->add_flag("--json", o->json, "One JSON object a line");
  cmd->add_flag("--since-start", o->since_start, "Begin with the events already recorded");
  cmd->add_option("SERVICE", o->services, "Services (default: all)");
  return [&global, o] { return run_events(global, *o); };
}

const Registration registration{"events", &setup};

}  // namespace
}  // namespace mocker::cli::compose
