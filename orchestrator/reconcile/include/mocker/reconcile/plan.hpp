#pragma once
// The planner of `up` and `down`: desired model x observed state x options ->
// a list of operations, each with its cause and what must happen before it.
// Pure: no engine handle, no I/O, no clock; the same inputs give the same plan.
// The executor walks the plan and makes no decisions of its own.
#include <mocker/reconcile/observed.hpp>
#include <mocker/spec/model.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace mocker::orchestrator::reconcile {

enum class Action {
  create_network,
  create_volume,
  create_container,
  recreate_container,  // stop and remove the old container, create the new one
  start_container,
  restart_container,
  stop_container,
  remove_container,
  remove_network,
  remove_volume,
};
// "create-network", "recreate-container", ... (the JSON form).
const char* to_string(Action action);

// A condition on another service that must hold before this operation's
// container is started (depends_on, or implied by network_mode/volumes_from/links).
struct Wait {
  std::string service;
  spec::DependencyCondition condition = spec::DependencyCondition::service_started;
  bool required = true;  // false: a dependency that is missing or fails is ignored
};

struct Operation {
  Action action = Action::create_container;
  std::string object;        // engine name: "demo_default", "demo-web-1"
  std::string key;           // network/volume: its key in the compose file
  std::string service;       // container operations
  int replica = 0;           // container operations: the container number
  std::string container_id;  // the existing container acted on, if any
  std::string cause;         // "new", "config changed", "scaled down to 2", ...
  bool start = true;         // create/recreate: start the new container (false: --no-start)
  std::vector<size_t> after; // indices of operations that must complete first
  std::vector<Wait> waits;
};

struct Plan {
  std::string project;
  std::vector<Operation> operations;
  std::vector<std::string> warnings;  // e.g. orphans left in place
  std::vector<std::string> errors;    // a plan with errors must not be executed

  bool empty() const { return operations.empty(); }
};

// The flags of `up`.
struct PlanOptions {
  std::vector<std::string> services;  // SERVICE...; empty: all
  bool no_deps = false;               // do not pull in the selected services' dependencies
  bool force_recreate = false;        // applies to the selected services, not to dependencies pulled in
  bool no_recreate = false;
  bool remove_orphans = false;
  bool no_start = false;
  std::map<std::string, int> scale;   // --scale SERVICE=N, over scale/deploy.replicas
  // The image id each service's image resolves to now (caller looks them up);
  // a service missing here is never recreated for "image changed".
  std::map<std::string, std::string> image_ids;
};

// The flags of `down`.
struct DownOptions {
  bool volumes = false;         // -v: remove the project's named volumes (never external ones)
  bool remove_orphans = false;  // also containers of services no longer in the model
};

Plan plan(const spec::Project& desired, const Observed& observed, const PlanOptions& options);
Plan plan_down(const spec::Project& desired, const Observed& observed, const DownOptions& options);

}  // namespace mocker::orchestrator::reconcile
