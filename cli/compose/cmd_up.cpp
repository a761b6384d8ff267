// mocker-compose up: observe, plan, execute; then, in the foreground, follow
// the logs until every container exits or Ctrl-C stops the stack.
#include "command.hpp"
#include "log_stream.hpp"
#include "progress.hpp"
#include "project_lock.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <mocker/execute/execute.hpp>
#include <mocker/reconcile/plan.hpp>
#include <mocker/reconcile/render.hpp>
#include <mocker/supervisor/labels.hpp>
#include <mocker/sys/fault.hpp>

#include <csignal>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <thread>

namespace mocker::cli::compose {
namespace {

namespace reconcile = orchestrator::reconcile;
namespace execute = orchestrator::execute;

struct UpOptions {
  bool detach = false;
  bool wait = false;
  int wait_timeout = 0;  // seconds; 0: no limit
  bool dry_run = false;
  bool always_color = false;  // --ansi always
  std::string format = "text";
  bool remove_orphans = false;
  bool force_recreate = false;
  bool no_recreate = false;
  bool no_deps = false;
  bool no_start = false;
  std::vector<std::string> scale;
  std::optional<int> timeout;
  bool no_color = false;
  bool no_log_prefix = false;
  bool timestamps = false;
  bool abort_on_exit = false;
  std::string exit_code_from;
  std::vector<std::string> services;
};

std::atomic<bool> g_interrupted{false};
extern "C" void on_interrupt(int) { g_interrupted = true; }

engine::sys::Result<std::map<std::string, int>> parse_scale(const std::vector<std::string>& items) {
  std::map<std::string, int> out;
  for (const auto& item : items) {
    size_t eq = item.find('=');
    int n = -1;
    try {
      if (eq != std::string::npos) n = std::stoi(item.substr(eq + 1));
    } catch (const std::exception&) {
    }
    if (eq == std::string::npos || n < 0) return engine::sys::Error::invalid("--scale", item, "expected SERVICE=N");
    out[item.substr(0, eq)] = n;
  }
  return out;
}

// The services' last exit codes, once all of them have exited for good
// (no restart pending), or on Ctrl-C.
int follow_until_done(Session& s, const UpOptions& o) {
  auto containers = s.containers(false, o.services);
  if (!containers) return fail(containers.error());
  auto paths = supervisor_paths(s);
  LogStreamOptions logs;
  logs.color = !o.no_color && (o.always_color || ::isatty(STDOUT_FILENO));
  logs.prefix = !o.no_log_prefix;
  logs.logs.timestamps = o.timestamps;
  FollowSource source;
  source.containers = [&] { return s.containers(true, o.services); };
  source.supervisor_status = [&] { return orchestrator::supervisor::live_container_status(paths); };
  source.go_on = [&](const std::vector<engine::container::Container>& now) {
    if (o.abort_on_exit && !g_interrupted) {
      auto status = orchestrator::supervisor::container_status(paths);
      for (const auto& c : now)
        if (c.state.status == engine::container::Status::exited && !restart_pending(status, c)) g_interrupted = true;
    }
    return !g_interrupted;
  };
  // Ctrl-C: stop everything; the followers end when their containers exit.
  source.on_stop = [&] {
    std::cerr << "Gracefully stopping... (press Ctrl+C again to force)\n";
    hold_restarts(s);
    for (const auto& c : *containers) (void)s.engine->containers().stop(c.id, o.timeout);
  };
  follow_project_logs(*s.engine, *containers, logs, source);
  if (o.exit_code_from.empty()) return kExitOk;
  for (const auto& c : *containers) {
    auto now = s.engine->containers().get(c.id);
    if (now && c.labels.at(reconcile::label::kService) == o.exit_code_from) return now->state.exit_code;
  }
  return kExitOk;
}

// True when a container is ready: running (and healthy, if it has a
// healthcheck), or exited 0 by itself (a finished job); an error when it
// never will be.
engine::sys::Result<bool> ready(const engine::container::Container& c, const nlohmann::json& status) {
  using engine::container::Status;
  bool has_health = orchestrator::supervisor::policy_from_labels(c.labels).health.has_value();
  if (c.state.status == Status::exited && c.state.exit_code != 0 && !restart_pending(status, c))
    return engine::sys::Error::invalid("wait", c.name, "container exited with code " + std::to_string(c.state.exit_code));
  if (c.state.status != Status::running) return c.state.status == Status::exited && !restart_pending(status, c);
  if (!has_health) return true;
  std::string health = status.contains(c.id) && status[c.id].contains("health")
                           ? status[c.id]["health"].value("status", "starting") : "starting";
  if (health == "unhealthy") return engine::sys::Error::invalid("wait", c.name, "container is unhealthy");
  return health == "healthy";
}

// --wait: every container of the selected services ready (see ready()).
int wait_until_ready(Session& s, const UpOptions& o) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_timeout);
  auto paths = supervisor_paths(s);
  while (!g_interrupted) {
    auto containers = s.containers(true, o.services);
    if (!containers) return fail(containers.error());
    auto status = orchestrator::supervisor::container_status(paths);
    bool all_ready = true;
    for (const auto& c : *containers) {
      auto r = ready(c, status);
      if (!r) return fail(r.error());
      all_ready = all_ready && *r;
    }
    if (all_ready) return kExitOk;
    if (o.wait_timeout > 0 && std::chrono::steady_clock::now() > deadline)
      return fail(engine::sys::Error::invalid("wait", s.project.name, "not ready after " + std::to_string(o.wait_timeout) + "s"));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return kExitFailure;
}

int run_up(const GlobalOptions& global, UpOptions o) {
  o.dry_run = o.dry_run || global.dry_run;
  o.no_color = o.no_color || global.ansi == "never";
  o.always_color = global.ansi == "always";
  auto session = open_session(global, true);
  if (!session) return kExitFailure;
  Session& s = *session;
  reconcile::PlanOptions plan_options;
  plan_options.services = o.services;
  plan_options.no_deps = o.no_deps;
  plan_options.force_recreate = o.force_recreate;
  plan_options.no_recreate = o.no_recreate;
  plan_options.remove_orphans = o.remove_orphans;
  plan_options.no_start = o.no_start;
  auto scale = parse_scale(o.scale);
  if (!scale) return fail(scale.error());
  plan_options.scale = *scale;
  // One command at a time plans and changes the project (not --dry-run,
  // which changes nothing); held until the plan is carried out, not while
  // a foreground up follows the logs.
  std::optional<ProjectLock> lock;
  if (!o.dry_run) {
    auto held = ProjectLock::acquire(supervisor_paths(s), s.project.name);
    if (!held) return fail(held.error());
    lock.emplace(std::move(*held));
  }
  // Every image must exist before anything is made.
  auto images = execute::resolve_images(*s.engine, s.project);
  if (!images) return fail(images.error());
  plan_options.image_ids = *images;
  auto observed = s.observe();
  if (!observed) return fail(observed.error());
  reconcile::Plan plan = reconcile::plan(s.project, *observed, plan_options);
  // --dry-run prints warnings and errors as part of the plan.
  if (!o.dry_run) {
    for (const auto& w : plan.warnings) std::cerr << "WARN " << w << '\n';
    for (const auto& e : plan.errors) std::cerr << "mocker-compose: " << e << '\n';
  }
  if (!plan.errors.empty()) {
    if (o.dry_run) std::cout << reconcile::render_text(plan);
    return kExitFailure;
  }
  if (o.dry_run) {
    if (o.format == "json") std::cout << reconcile::to_json(plan).dump(2) << '\n';
    else std::cout << reconcile::render_text(plan);
    return plan.empty() ? kExitOk : 2;
  }
  if (auto st = engine::sys::fault_point("compose.up.planned"); !st) return fail(st.error());
  if (plan.empty() && (o.detach || o.wait)) std::cerr << "nothing to do: " << s.project.name << " is up to date\n";
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  // The supervisor listens before anything starts: service_healthy asks it.
  bool foreground = !o.detach && !o.wait && !o.no_start;
  std::optional<InProcessSupervisor> in_process;
  if (foreground) in_process.emplace(s);
  else if (!plan.empty() && !o.no_start) start_supervisor(s);
  execute::ExecuteOptions options;
  options.stop_timeout = o.timeout;
  options.process_environment = s.environment;
  options.progress = progress_printer(global.progress);
  options.interrupted = &g_interrupted;
  options.wait_healthy = [&s](const engine::container::Container& c) { return wait_healthy(s, c, &g_interrupted); };
  auto executed = execute::execute(*s.engine, s.project, plan, options);
  if (!foreground) ensure_supervisor(s);  // it learns of what was made, or adopts what a dead one left
  else notify_supervisor(s);
  lock.reset();
  if (!executed) return fail(executed.error());
  if (o.wait) return wait_until_ready(s, o);
  if (o.detach || o.no_start) return kExitOk;
  return follow_until_done(s, o);
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("up", "Create and start the project's containers");
  auto o = std::make_shared<UpOptions>();
  cmd->add_flag("-d,--detach", o->detach, "Run in the background");
  cmd->add_flag("--wait", o->wait, "Return once every container is running (implies -d)");
  cmd->add_option("--wait-timeout", o->wait_timeout, "Seconds to wait with --wait (default: no limit)");
  cmd->add_flag("--dry-run", o->dry_run, "Print the plan and change nothing (exit 2 when there is drift)");
  cmd->add_option("--format", o->format, "Plan format with --dry-run")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--remove-orphans", o->remove_orphans, "Remove containers of services not in the files");
  cmd->add_flag("--force-recreate", o->force_recreate, "Recreate containers even if nothing changed");
  cmd->add_flag("--no-recreate", o->no_recreate, "Never recreate existing containers");
  cmd->add_flag("--no-deps", o->no_deps, "Do not start the services' dependencies");
  cmd->add_flag("--no-start", o->no_start, "Create, do not start");
  cmd->add_option("--scale", o->scale, "SERVICE=N (repeatable)");
  cmd->add_option("-t,--timeout", o->timeout, "Seconds to wait for stop before killing");
  cmd->add_flag("--no-color", o->no_color, "Plain log prefixes");
  cmd->add_flag("--no-log-prefix", o->no_log_prefix, "No prefix on log lines");
  cmd->add_flag("--timestamps", o->timestamps, "Show timestamps in logs");
  cmd->add_flag("--abort-on-container-exit", o->abort_on_exit, "Stop everything when a container exits");
  cmd->add_option("--exit-code-from", o->exit_code_from, "Exit with this service's exit code");
  cmd->add_option("SERVICE", o->services, "Services (default: all)");
  return [&global, o] { return run_up(global, *o); };
}

const Registration registration{"up", &setup};

}  // namespace
}  // namespace mocker::cli::compose
