// mocker-compose exec / port / wait / top / images: per-service views of one
// container (exec, port: --index N, default 1) or of all of them.
#include "command.hpp"
#include "session.hpp"

#include <mocker/cli/detach_keys.hpp>
#include <mocker/cli/exec_session.hpp>
#include <mocker/cli/output.hpp>
#include <mocker/reconcile/labels.hpp>

#include <iostream>
#include <memory>
#include <set>
#include <unistd.h>

namespace mocker::cli::compose {
namespace {

namespace container = engine::container;
namespace reconcile = orchestrator::reconcile;

engine::sys::Result<container::Container> replica(Session& s, const std::string& service, int index) {
  auto list = MOCKER_TRY(s.containers(true, {service}));
  for (auto& c : list)
    if (c.labels[reconcile::label::kReplica] == std::to_string(index)) return c;
  return engine::sys::Error::invalid("find container", service,
                                     "service \"" + service + "\" has no container number " + std::to_string(index));
}

struct ExecOptions {
  bool interactive = true;  // -i: docker compose's default, accepted for habit
  bool tty_flag = false;    // -t: the same (a terminal comes from stdin and stdout being ones)
  bool no_tty = false;
  bool detach = false;
  bool privileged = false;
  std::vector<std::string> env;
  std::string user, workdir;
  int index = 1;
  std::string service;
  std::vector<std::string> command;
};

// A terminal when both ends are terminals and -T was not given, like docker
// compose; stdin is passed on either way (a pipe reaches the command with its end).
engine::sys::Result<int> exec_in(Session& s, const container::Container& c, const ExecOptions& o) {
  engine::runtime::Process p;
  p.args = o.command;
  p.env = o.env;
  p.user = o.user;
  p.cwd = o.workdir;
  auto& containers = s.engine->containers();
  if (o.detach) {
    MOCKER_TRY(containers.exec_start(c.id, p, {}));  // its helper outlives us
    return kExitOk;
  }
  p.tty = !o.no_tty && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO);
  std::string error;
  ExecSessionOptions session{true, *parse_detach_keys(kDefaultDetachKeys, error)};
  auto outcome = MOCKER_TRY(run_exec_session(containers, c.id, p, session));
  return outcome.exit_code;
}

int run_exec(const GlobalOptions& global, const ExecOptions& o) {
  if (o.privileged)
    return fail(engine::sys::Error::invalid("exec", o.service, "--privileged is not supported"));
  auto session = open_session(global, false);
  if (!session) return kExitFailure;
  auto c = replica(*session, o.service, o.index);
  if (!c) return fail(c.error());
  if (o.command.empty()) return fail(engine::sys::Error::invalid("exec", o.service, "no command given"));
  auto code = exec_in(*session, *c, o);
  if (!code) {
    fail(code.error());
    return exit_code_for(code.error(), kExitFailure);
  }
  return *code;
}

std::function<int()> setup_exec(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("exec", "Run a command in a running service container");
  auto o = std::make_shared<ExecOptions>();
  cmd->add_flag("-i,--interactive", o->interactive, "Keep stdin open (the default)");
  cmd->add_flag("-t,--tty", o->tty_flag, "A terminal (the default when stdin and stdout are terminals)");
  cmd->add_flag("-T,--no-TTY", o->no_tty, "No terminal (default: one when stdin and stdout are terminals)");
  cmd->add_flag("-d,--detach", o->detach, "Run the command in the background");
  cmd->add_flag("--privileged", o->privileged, "Extended privileges (not supported: an error)");
  cmd->add_option("-e,--env", o->env, "KEY=VALUE")->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("-u,--user", o->user, "USER[:GROUP]");
  cmd->add_option("-w,--workdir", o->workdir, "Working directory");
  cmd->add_option("--index", o->index, "Container number of the service (default 1)");
  cmd->add_option("SERVICE", o->service)->required();
  cmd->add_option("COMMAND", o->command, "The command and its arguments");
  // Options before the service; everything after it is the command.
  cmd->positionals_at_end();
  return [&global, o] { return run_exec(global, *o); };
}

struct PortOptions {
  std::string service;
  int index = 1;
  std::string protocol = "tcp";
  std::optional<int> port;
};

int run_port(const GlobalOptions& global, const PortOptions& o) {
  auto session = open_session(global, false);
  if (!session) return kExitFailure;
  auto c = replica(*session, o.service, o.index);
  if (!c) return fail(c.error());
  auto view = session->engine->containers().network_view(*c);
  if (!view) return fail(view.error());
  bool found = false;
  for (const auto& m : view->ports) {
    std::string text = container::port_text(m);  // "127.0.0.1:18080->80/tcp"
    size_t arrow = text.find("->");
    std::string target = text.substr(arrow + 2);
    if (o.port && target != std::to_string(*o.port) + "/" + o.protocol) continue;
    std::cout << (o.port ? text.substr(0, arrow) : target + " -> " + text.substr(0, arrow)) << '\n';
    found = true;
  }
  if (o.port && !found) return fail(engine::sys::Error::invalid("port", o.service, "no public port for " + std::to_string(*o.port) + "/" + o.protocol));
  return kExitOk;
}

std::function<int()> setup_port(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("port", "Print the public address of a service's port");
  auto o = std::make_shared<PortOptions>();
  cmd->add_option("--index", o->index, "Container number of the service (default 1)");
  cmd->add_option("--protocol", o->protocol, "tcp or udp")->check(CLI::IsMember({"tcp", "udp"}));
  cmd->add_option("SERVICE", o->service)->required();
  cmd->add_option("PRIVATE_PORT", o->port, "Container port (default: all)");
  return [&global, o] { return run_port(global, *o); };
}

std::function<int()> setup_wait(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("wait", "Wait for the services' containers to exit; print their exit codes");
  auto services = std::make_shared<std::vector<std::string>>();
  cmd->add_option("SERVICE", *services, "Services")->required();
  return [&global, services] {
    auto session = open_session(global, false);
    if (!session) return kExitFailure;
    auto list = session->containers(true, *services);
    if (!list) return fail(list.error());
    int last = 0;
    for (const auto& c : *list) {
      auto code = session->engine->containers().wait(c.id);
      if (!code) return fail(code.error());
      std::cout << *code << '\n';
      last = *code;
    }
    return last;
  };
}

std::function<int()> setup_top(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("top", "Processes of the services' running containers");
  auto services = std::make_shared<std::vector<std::string>>();
  cmd->add_option("SERVICE", *services, "Services (default: all)");
  return [&global, services] {
    auto session = open_session(global, false);
    if (!session) return kExitFailure;
    auto list = session->containers(false, *services);
    if (!list) return fail(list.error());
    for (const auto& c : *list) {
      auto procs = session->engine->containers().top(c.id);
      if (!procs) return fail(procs.error());
      Table table({"UID", "PID", "CMD"});
      for (const auto& p : *procs) table.add({std::to_string(p.uid), std::to_string(p.pid), short_init_command(p.command)});
      std::cout << c.name << '\n' << table.render() << '\n';
    }
    return kExitOk;
  };
}

std::function<int()> setup_images(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("images", "Images used by the project's containers");
  auto quiet = std::make_shared<bool>(false);
  cmd->add_flag("-q,--quiet", *quiet, "Only ids");
  return [&global, quiet] {
    auto session = open_session(global, false);
    if (!session) return kExitFailure;
    auto list = session->containers(true);
    if (!list) return fail(list.error());
    Table table({"CONTAINER", "REPOSITORY", "IMAGE ID"});
    std::set<std::string> ids;
    for (const auto& c : *list) {
      if (*quiet) {
        if (ids.insert(c.image_id).second) std::cout << c.image_id << '\n';
        continue;
      }
      table.add({c.name, c.image, short_id(c.image_id)});
    }
    if (!*quiet) std::cout << table.render();
    return kExitOk;
  };
}

const Registration exec_registration{"exec", &setup_exec};
const Registration port_registration{"port", &setup_port};
const Registration wait_registration{"wait", &setup_wait};
const Registration top_registration{"top", &setup_top};
const Registration images_registration{"images", &setup_images};

}  // namespace
}  // namespace mocker::cli::compose
