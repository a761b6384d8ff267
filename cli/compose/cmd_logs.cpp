// mocker-compose logs: the services' logs interleaved with prefixes; with -f,
// followed across the restarts the supervisor makes.
#include "command.hpp"
#include "log_stream.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <mocker/supervisor/control.hpp>

#include <memory>
#include <unistd.h>

namespace mocker::cli::compose {
namespace {

struct LogsOptions {
  bool follow = false;
  std::optional<size_t> tail;
  bool timestamps = false;
  std::string since;
  bool no_color = false;
  bool no_log_prefix = false;
  std::vector<std::string> services;
};

int run_logs(const GlobalOptions& global, const LogsOptions& o) {
  auto session = open_session(global, false);
  if (!session) return kExitFailure;
  auto containers = session->containers(true, o.services);
  if (!containers) return fail(containers.error());
  LogStreamOptions options;
  options.follow = o.follow;
  options.color = !o.no_color && global.color(::isatty(STDOUT_FILENO));
  options.prefix = !o.no_log_prefix;
  options.logs.tail = o.tail;
  options.logs.timestamps = o.timestamps;
  options.logs.since = o.since;
  if (!o.follow) {
    stream_logs(*session->engine, *containers, options);
    return kExitOk;
  }
  // Follows restarts too, as the supervisor reports them (docker compose
  // does): until nothing runs and no restart is pending, or Ctrl-C.
  ensure_supervisor(*session);
  auto paths = supervisor_paths(*session);
  FollowSource source;
  source.containers = [&] { return session->containers(true, o.services); };
  source.supervisor_status = [&] { return orchestrator::supervisor::live_container_status(paths); };
  source.go_on = [](const auto&) { return true; };
  follow_project_logs(*session->engine, *containers, options, source);
  return kExitOk;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("logs", "Show the services' logs");
  auto o = std::make_shared<LogsOptions>();
  cmd->add_flag("-f,--follow", o->follow, "Follow");
  cmd->add_option("-n,--tail", o->tail, "Last N lines of each container");
  cmd->add_flag("-t,--timestamps", o->timestamps, "Show timestamps");
  cmd->add_option("--since", o->since, "RFC 3339 time or duration (10m)");
  cmd->add_flag("--no-color", o->no_color, "Plain prefixes");
  cmd->add_flag("--no-log-prefix", o->no_log_prefix, "No prefixes");
  cmd->add_option("SERVICE", o->services, "Services (default: all)");
  return [&global, o] { return run_logs(global, *o); };
}

const Registration registration{"logs", &setup};

}  // namespace
}  // namespace mocker::cli::compose
