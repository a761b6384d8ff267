// mocker-compose run: a one-off container of a service, after its
// dependencies are up (unless --no-deps); its output streamed, its exit code
// returned. Output only for now: no terminal is attached (as with -T).
#include "command.hpp"
#include "log_stream.hpp"
#include "progress.hpp"
#include "project_lock.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <mocker/execute/execute.hpp>
#include <mocker/reconcile/plan.hpp>

#include <iostream>
#include <memory>

namespace mocker::cli::compose {
namespace {

namespace reconcile = orchestrator::reconcile;
namespace execute = orchestrator::execute;
namespace sys = engine::sys;

struct RunOptions {
  bool detach = false;
  bool remove = false;
  bool no_deps = false;
  bool service_ports = false;
  bool no_tty = false;  // accepted; run never attaches a terminal yet
  std::string name;
  std::string entrypoint;
  std::vector<std::string> env;
  std::vector<std::string> publish;
  std::string service;
  std::vector<std::string> command;
};

// Dependencies started (unless no_deps), and the networks and volumes the
// service needs made, by the same planner and executor as `up`.
sys::Status prepare(Session& s, const RunOptions& o, const execute::ExecuteOptions& exec_options) {
  auto images = MOCKER_TRY(execute::resolve_images(*s.engine, s.project));
  const auto& service = s.project.services.at(o.service);
  std::vector<std::string> deps;
  for (const auto& [name, how] : service.depends_on) deps.push_back(name);
  if (service.network_mode && service.network_mode->kind == orchestrator::spec::NetworkMode::Kind::service)
    deps.push_back(service.network_mode->target);
  reconcile::PlanOptions options;
  options.image_ids = images;
  if (!o.no_deps && !deps.empty()) {
    options.services = deps;
    auto plan = reconcile::plan(s.project, MOCKER_TRY(s.observe()), options);
    MOCKER_TRY(execute::execute(*s.engine, s.project, plan, exec_options));
  }
  options.services = {o.service};
  options.no_deps = true;
  options.no_start = true;
  auto plan = reconcile::plan(s.project, MOCKER_TRY(s.observe()), options);
  std::erase_if(plan.operations, [](const reconcile::Operation& op) {
    return op.action != reconcile::Action::create_network && op.action != reconcile::Action::create_volume;
  });
  return execute::execute(*s.engine, s.project, plan, exec_options);
}

int run_run(const GlobalOptions& global, const RunOptions& o) {
  auto session = open_session(global, true);
  if (!session) return kExitFailure;
  Session& s = *session;
  if (!s.project.services.count(o.service))
    return fail(sys::Error::invalid("run", o.service, "no such service in project " + s.project.name));
  // Held while the dependencies are brought up and the container made and
  // started, not while its output is followed.
  auto lock = ProjectLock::acquire(supervisor_paths(s), s.project.name);
  if (!lock) return fail(lock.error());
  execute::ExecuteOptions exec_options;
  exec_options.process_environment = s.environment;
  exec_options.progress = progress_printer(global.progress);
  if (auto st = prepare(s, o, exec_options); !st) return fail(st.error());
  execute::OneOff oneoff;
  oneoff.name = o.name;
  oneoff.command = o.command;
  if (!o.entrypoint.empty()) oneoff.entrypoint = std::vector<std::string>{o.entrypoint};
  oneoff.env = o.env;
  oneoff.publish = o.publish;
  oneoff.service_ports = o.service_ports;
  auto c = execute::create_oneoff(*s.engine, s.project, o.service, oneoff, exec_options);
  if (!c) return fail(c.error());
  auto& containers = s.engine->containers();
  auto started = containers.start(c->id);
  if (!started) {
    if (o.remove) (void)containers.remove(c->id, true);
    return fail(started.error());
  }
  lock->release();
  if (o.detach) {
    std::cout << c->name << '\n';
    return kExitOk;
  }
  LogStreamOptions logs;
  logs.follow = true;
  logs.prefix = false;
  stream_logs(*s.engine, {*started}, logs);
  auto code = containers.wait(c->id);
  if (o.remove) (void)containers.remove(c->id, true);
  if (!code) return fail(code.error());
  return *code;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("run", "Run a one-off command in a new container of a service");
  auto o = std::make_shared<RunOptions>();
  cmd->add_flag("-d,--detach", o->detach, "Run in the background, print the container name");
  cmd->add_flag("--rm", o->remove, "Remove the container when it exits");
  cmd->add_flag("--no-deps", o->no_deps, "Do not start the service's dependencies");
  cmd->add_flag("--service-ports", o->service_ports, "Publish the service's ports too");
  cmd->add_flag("-T,--no-TTY", o->no_tty, "No terminal (the only mode for now)");
  cmd->add_option("--name", o->name, "Container name");
  cmd->add_option("--entrypoint", o->entrypoint, "Override the entrypoint");
  cmd->add_option("-e,--env", o->env, "KEY=VALUE")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("-p,--publish", o->publish, "[IP:][HOST:]CONTAINER[/PROTO]")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("SERVICE", o->service)->required();
  cmd->prefix_command();
  return [&global, o, cmd] {
    o->command = cmd->remaining();
    return run_run(global, *o);
  };
}

const Registration registration{"run", &setup};

}  // namespace
}  // namespace mocker::cli::compose
