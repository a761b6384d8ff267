// mocker-compose run: a one-off container of a service, after its
// dependencies are up (unless --no-deps); attached like docker compose's: a
// terminal when stdin and stdout are terminals (unless -T), stdin passed on,
// its exit code returned.
#include "command.hpp"
#include "progress.hpp"
#include "project_lock.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <mocker/cli/attach_session.hpp>
#include <mocker/cli/detach_keys.hpp>
#include <mocker/cli/exec_session.hpp>
#include <mocker/execute/execute.hpp>
#include <mocker/reconcile/plan.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

namespace mocker::cli::compose {
namespace {

namespace reconcile = orchestrator::reconcile;
namespace execute = orchestrator::execute;
namespace spec = orchestrator::spec;
namespace sys = engine::sys;

struct RunOptions {
  bool detach = false;
  bool remove = false;
  bool no_deps = false;
  bool service_ports = false;
  bool use_aliases = false;
  bool no_tty = false;
  bool interactive = true;  // -i: the default, accepted for habit
  bool tty_flag = false;    // -t: the same (a terminal comes from stdin and stdout being ones)
  std::string name;
  std::string entrypoint;
  std::string workdir;
  std::string user;
  std::vector<std::string> env;
  std::vector<std::string> publish;
  std::vector<std::string> volumes;
  std::string service;
  std::vector<std::string> command;
};

bool is_path(const std::string& source) {
  return source.starts_with("/") || source.starts_with(".") || source.starts_with("~");
}

// -v as compose's short syntax: [SOURCE:]TARGET[:ro|rw]. A path is a bind
// (relative to the project directory, made when missing), a name one of the
// project's volumes, no source an anonymous volume.
sys::Result<spec::VolumeMount> parse_volume(const spec::Project& project, const std::string& text) {
  std::vector<std::string> parts;
  for (size_t at = 0;;) {
    size_t colon = text.find(':', at);
    parts.push_back(text.substr(at, colon == std::string::npos ? std::string::npos : colon - at));
    if (colon == std::string::npos) break;
    at = colon + 1;
  }
  spec::VolumeMount v;
  std::string mode;
  if (parts.size() == 1) v.target = parts[0];
  else if (parts.size() == 2 && (parts[1] == "ro" || parts[1] == "rw")) v.target = parts[0], mode = parts[1];
  else if (parts.size() == 2) v.source = parts[0], v.target = parts[1];
  else if (parts.size() == 3) v.source = parts[0], v.target = parts[1], mode = parts[2];
  else return sys::Error::invalid("parse --volume", text, "expected [SOURCE:]TARGET[:ro|rw]");
  if (!v.target.starts_with("/")) return sys::Error::invalid("parse --volume", text, "the target must be an absolute path");
  if (!mode.empty() && mode != "ro" && mode != "rw") return sys::Error::invalid("parse --volume", text, "the mode must be ro or rw");
  v.read_only = mode == "ro";
  if (is_path(v.source)) {
    v.type = spec::MountType::bind;
    std::string source = v.source;
    if (source.starts_with("~")) source = std::string(getenv("HOME") ? getenv("HOME") : "/") + source.substr(1);
    v.source = std::filesystem::weakly_canonical(std::filesystem::path(project.working_dir) / source).string();
    v.bind = spec::BindOptions{};
    v.bind->create_host_path = true;
  } else if (!v.source.empty() && !project.volumes.count(v.source)) {
    return sys::Error::invalid("parse --volume", text, "volume \"" + v.source + "\" is not declared under the project's volumes");
  }
  return v;
}

// -v, -w and -u change the one-off's service only.
sys::Status apply_overrides(spec::Project& project, const RunOptions& o) {
  auto& service = project.services.at(o.service);
  for (const auto& text : o.volumes) service.volumes.push_back(MOCKER_TRY(parse_volume(project, text)));
  if (!o.workdir.empty()) service.working_dir = o.workdir;
  if (!o.user.empty()) service.user = o.user;
  return sys::ok();
}

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

// Follows the started one-off until it exits (or is detached from); its exit code.
sys::Result<int> attach_to(engine::container::Containers& containers, const engine::container::Container& c,
                           bool remove) {
  std::string error;
  bool detached = MOCKER_TRY(follow_until_exit(containers, c, *parse_detach_keys(kDefaultDetachKeys, error)));
  if (detached) return kExitOk;
  auto code = containers.wait(c.id);
  if (remove) (void)containers.remove(c.id, true);
  return code;
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
  // Before prepare: the volumes -v names are made with the others.
  if (auto st = apply_overrides(s.project, o); !st) return fail(st.error());
  if (auto st = prepare(s, o, exec_options); !st) return fail(st.error());
  execute::OneOff oneoff;
  oneoff.name = o.name;
  oneoff.command = o.command;
  if (!o.entrypoint.empty()) oneoff.entrypoint = std::vector<std::string>{o.entrypoint};
  oneoff.env = o.env;
  oneoff.publish = o.publish;
  oneoff.service_ports = o.service_ports;
  oneoff.use_aliases = o.use_aliases;
  oneoff.stdin_open = !o.detach;
  oneoff.tty = !o.detach && !o.no_tty && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  auto c = execute::create_oneoff(*s.engine, s.project, o.service, oneoff, exec_options);
  if (!c) return fail(c.error());
  auto& containers = s.engine->containers();
  auto started = containers.start(c->id);
  if (!started) {
    if (o.remove) (void)containers.remove(c->id, true);
    fail(started.error());
    return exit_code_for(started.error(), kExitFailure);
  }
  lock->release();
  if (o.detach) {
    std::cout << c->name << '\n';
    return kExitOk;
  }
  auto code = attach_to(containers, *started, o.remove);
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
  cmd->add_flag("--use-aliases", o->use_aliases, "Join the networks under the service's name and aliases");
  cmd->add_flag("-T,--no-TTY", o->no_tty, "No terminal (default: one when stdin and stdout are terminals)");
  cmd->add_flag("-i,--interactive", o->interactive, "Keep stdin open (the default)");
  cmd->add_flag("-t,--tty", o->tty_flag, "A terminal (the default when stdin and stdout are terminals)");
  cmd->add_option("--name", o->name, "Container name");
  cmd->add_option("--entrypoint", o->entrypoint, "Override the entrypoint");
  cmd->add_option("-w,--workdir", o->workdir, "Working directory");
  cmd->add_option("-u,--user", o->user, "USER[:GROUP]");
  cmd->add_option("-e,--env", o->env, "KEY=VALUE")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("-p,--publish", o->publish, "[IP:][HOST:]CONTAINER[/PROTO]")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("-v,--volume", o->volumes, "[SOURCE:]TARGET[:ro|rw]")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("SERVICE", o->service)->required();
  cmd->add_option("COMMAND", o->command, "The command and its arguments (default: the service's)");
  // Options before the service; everything after it is the command.
  cmd->positionals_at_end();
  return [&global, o] { return run_run(global, *o); };
}

const Registration registration{"run", &setup};

}  // namespace
}  // namespace mocker::cli::compose
