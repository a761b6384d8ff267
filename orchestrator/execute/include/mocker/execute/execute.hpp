#pragma once
// Walks a plan through the engine facade. It makes no decisions of its own:
// the plan says what and in which order; the executor does it, running every
// operation whose `after` predecessors are done in parallel, waits for the
// conditions the plan names, and at the first error starts nothing more, lets
// what runs finish and reports that error first (naming the service and the
// step). What it made before the error stays recorded with the project's
// labels, so the next `up` or `down` converges from there.
#include <mocker/container/engine.hpp>
#include <mocker/execute/progress.hpp>
#include <mocker/reconcile/plan.hpp>
#include <mocker/spec/model.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace mocker::orchestrator::execute {

// The callbacks run on the executor's worker threads: progress one call at a
// time, wait_healthy for several containers at once.
struct ExecuteOptions {
  std::optional<int> stop_timeout;  // -t; default: each container's own
  std::map<std::string, std::string> process_environment;
  ProgressSink progress;                           // "Container demo-web-1" Started
  const std::atomic<bool>* interrupted = nullptr;  // Ctrl-C: start nothing more, give up waits
  size_t workers = 0;                              // operations at once; 0: default_workers()
  // How many log lines of a failed dependency to show.
  size_t failure_log_lines = 10;
  // condition: service_healthy. Blocks until the container is healthy (ok) or
  // cannot become so (unhealthy, exited, no healthcheck: the error says which).
  // The caller provides it because the supervisor runs the probes; unset, the
  // condition is reported as unsupported.
  std::function<engine::sys::Status(const engine::container::Container&)> wait_healthy;
};

// The image id each service's image resolves to now; an error names the first
// service whose image does not exist (checked before anything is made).
engine::sys::Result<std::map<std::string, std::string>> resolve_images(engine::Engine& engine,
                                                                       const spec::Project& project);

// `mocker-compose run`: a one-off container of `service` with the overrides
// given, labelled as one-off (never counted as a replica, removed by `down`).
struct OneOff {
  std::string name;                                     // empty: <project>-<service>-run-<random>
  std::vector<std::string> command;                     // empty: the service's
  std::optional<std::vector<std::string>> entrypoint;
  std::vector<std::string> env;                         // KEY=VALUE, over the service's
  std::vector<std::string> publish;                     // -p specs
  bool service_ports = false;                           // also publish the service's ports
  bool use_aliases = false;                             // join networks under the service's name and aliases
  bool tty = false;
  bool stdin_open = false;
  bool auto_remove = false;
};

engine::sys::Result<engine::container::Container> create_oneoff(engine::Engine& engine, const spec::Project& project,
                                                                const std::string& service, const OneOff& oneoff,
                                                                const ExecuteOptions& options);

engine::sys::Status execute(engine::Engine& engine, const spec::Project& project, const reconcile::Plan& plan,
                            const ExecuteOptions& options);

}  // namespace mocker::orchestrator::execute
