// mocker-compose start / stop / restart / kill / rm over the project's
// existing containers (no plan: nothing is created or recreated).
#include "command.hpp"
#include "project_lock.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <csignal>
#include <iostream>
#include <memory>

namespace mocker::cli::compose {
namespace {

namespace container = engine::container;

struct LifecycleOptions {
  std::optional<int> timeout;
  std::string signal = "SIGKILL";
  bool force = false;
  bool stop_first = false;
  std::vector<std::string> services;
};

int signal_number(const std::string& name) {
  std::string n = name.rfind("SIG", 0) == 0 ? name.substr(3) : name;
  static const std::map<std::string, int> known{{"KILL", SIGKILL}, {"TERM", SIGTERM}, {"INT", SIGINT},
                                                {"HUP", SIGHUP},   {"QUIT", SIGQUIT}, {"USR1", SIGUSR1},
                                                {"USR2", SIGUSR2}};
  if (auto it = known.find(n); it != known.end()) return it->second;
  try {
    return std::stoi(n);
  } catch (const std::exception&) {
    return -1;
  }
}

using Action = engine::sys::Status (*)(Session&, const container::Container&, const LifecycleOptions&);

engine::sys::Status do_start(Session& s, const container::Container& c, const LifecycleOptions&) {
  if (c.state.status == container::Status::running) return engine::sys::ok();
  MOCKER_TRY(s.engine->containers().start(c.id));
  std::cerr << "Container " << c.name << "  Started\n";
  return engine::sys::ok();
}

engine::sys::Status do_stop(Session& s, const container::Container& c, const LifecycleOptions& o) {
  if (c.state.status != container::Status::running) return engine::sys::ok();
  MOCKER_TRY(s.engine->containers().stop(c.id, o.timeout));
  std::cerr << "Container " << c.name << "  Stopped\n";
  return engine::sys::ok();
}

engine::sys::Status do_restart(Session& s, const container::Container& c, const LifecycleOptions& o) {
  MOCKER_TRY(s.engine->containers().stop(c.id, o.timeout));
  MOCKER_TRY(s.engine->containers().start(c.id));
  std::cerr << "Container " << c.name << "  Restarted\n";
  return engine::sys::ok();
}

engine::sys::Status do_kill(Session& s, const container::Container& c, const LifecycleOptions& o) {
  if (c.state.status != container::Status::running) return engine::sys::ok();
  int sig = signal_number(o.signal);
  if (sig <= 0) return engine::sys::Error::invalid("kill", o.signal, "unknown signal");
  MOCKER_TRY(s.engine->containers().kill(c.id, sig));
  std::cerr << "Container " << c.name << "  Killed\n";
  return engine::sys::ok();
}

engine::sys::Status do_rm(Session& s, const container::Container& c, const LifecycleOptions& o) {
  if (c.state.status == container::Status::running) {
    if (!o.stop_first) return engine::sys::ok();  // compose rm leaves running containers alone
    MOCKER_TRY(s.engine->containers().stop(c.id, o.timeout));
  }
  MOCKER_TRY(s.engine->containers().remove(c.id, true));
  std::cerr << "Container " << c.name << "  Removed\n";
  return engine::sys::ok();
}

int run(const GlobalOptions& global, const LifecycleOptions& o, Action action, bool reverse, const std::string& verb) {
  auto session = open_session(global, false);
  if (!session) return kExitFailure;
  auto lock = ProjectLock::acquire(supervisor_paths(*session), session->project.name);
  if (!lock) return fail(lock.error());
  auto list = session->containers(true, o.services);
  if (!list) return fail(list.error());
  if (reverse) std::reverse(list->begin(), list->end());
  if (global.dry_run) {  // what it would act on, in order; nothing changes
    for (const auto& c : *list) std::cout << verb << ' ' << c.name << '\n';
    return kExitOk;
  }
  // A restart the supervisor has pending must not undo a stop, kill or rm,
  // nor start again what restart just started (a failed start for it).
  bool holds = action == do_stop || action == do_kill || action == do_rm || action == do_restart;
  if (holds) {
    std::vector<std::string> ids;
    for (const auto& c : *list) ids.push_back(c.id);
    if (!ids.empty()) hold_restarts(*session, ids);
  }
  int status = kExitOk;
  for (const auto& c : *list) {
    if (auto st = action(*session, c, o); !st) status = fail(st.error());
  }
  // It learns what changed; after a supervisor died, one starts and adopts.
  if (action == do_rm) notify_supervisor(*session);
  else ensure_supervisor(*session);
  return status;
}

template <Action action, bool reverse>
std::function<int()> setup_action(CLI::App& app, const GlobalOptions& global, const char* name, const char* help) {
  auto* cmd = app.add_subcommand(name, help);
  auto o = std::make_shared<LifecycleOptions>();
  std::string n = name;
  if (n == "stop" || n == "restart" || n == "rm") cmd->add_option("-t,--timeout", o->timeout, "Seconds before SIGKILL");
  if (n == "kill") cmd->add_option("-s,--signal", o->signal, "Signal to send (default SIGKILL)");
  if (n == "rm") {
    cmd->add_flag("-f,--force", o->force, "Do not ask (there is no prompt; accepted for compatibility)");
    cmd->add_flag("-s,--stop", o->stop_first, "Stop running containers first");
  }
  cmd->add_option("SERVICE", o->services, "Services (default: all)");
  return [&global, o, n] { return run(global, *o, action, reverse, n); };
}

const Registration start_registration{"start", [](CLI::App& a, const GlobalOptions& g) {
  return setup_action<do_start, false>(a, g, "start", "Start existing containers");
}};
const Registration stop_registration{"stop", [](CLI::App& a, const GlobalOptions& g) {
  return setup_action<do_stop, true>(a, g, "stop", "Stop running containers");
}};
const Registration restart_registration{"restart", [](CLI::App& a, const GlobalOptions& g) {
  return setup_action<do_restart, false>(a, g, "restart", "Restart containers");
}};
const Registration kill_registration{"kill", [](CLI::App& a, const GlobalOptions& g) {
  return setup_action<do_kill, true>(a, g, "kill", "Send a signal to running containers");
}};
const Registration rm_registration{"rm", [](CLI::App& a, const GlobalOptions& g) {
  return setup_action<do_rm, true>(a, g, "rm", "Remove stopped containers");
}};

}  // namespace
}  // namespace mocker::cli::compose
