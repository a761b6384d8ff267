// The `up` planner. Per service, in dependency order: keep the lowest-numbered
// containers up to the wanted count and decide for each whether it must be
// recreated, started or restarted; create the missing numbers; remove the rest,
// highest numbers first. Networks and volumes come first, orphans last.
#include "operations.hpp"
#include "scope.hpp"

#include <mocker/reconcile/labels.hpp>
#include <mocker/reconcile/plan.hpp>
#include <mocker/spec/serialize.hpp>

#include <algorithm>
#include <optional>
#include <set>

namespace mocker::orchestrator::reconcile {

namespace {

using namespace detail;

// A service as the planner handles it.
struct Desired {
  const std::string& name;
  const spec::Service& config;
  std::string config_hash;
  int replicas;
};

// What became of the first container of a service, which is the one whose
// network namespace `network_mode: service:X` dependents join.
struct FirstContainer {
  bool replaced = false;  // created or recreated by this plan
  std::string id;         // the kept container's id otherwise
};

std::string not_running_cause(const ObservedContainer& c) {
  if (c.status == ContainerStatus::created) return "created, not started";
  return "exited (code " + std::to_string(c.exit_code) + ")";
}

class UpPlanner {
 public:
  UpPlanner(const spec::Project& desired, const Observed& observed, const PlanOptions& options)
      : desired_(desired), observed_(observed), options_(options), graph_(dependency_graph(desired)) {
    plan_.project = desired.name;
  }

  Plan run() && {
    auto order = graph_.up_order();
    if (!order) {
      plan_.errors.push_back(order.error().message);
      return std::move(plan_);
    }
    selected_ = select_services(desired_, graph_, options_.services, options_.no_deps, plan_.errors);
    plan_resources();
    for (const auto& name : flatten(*order))
      if (selected_.count(name) || shares_replaced_namespace(name)) plan_service(name);
    plan_orphans();
    return std::move(plan_);
  }

 private:
  // Networks and volumes the selected services use, by key.
  void plan_resources() {
    std::set<std::string> networks, volumes;
    for (const auto& name : selected_) {
      for (const auto& key : networks_of(desired_.services.at(name))) networks.insert(key);
      for (const auto& key : volumes_of(desired_.services.at(name))) volumes.insert(key);
    }
    for (const auto& key : networks) {
      auto it = desired_.networks.find(key);
      if (it == desired_.networks.end()) continue;  // the loader reports undefined networks
      const std::string name = network_name(desired_.name, key, it->second);
      const ObservedNetwork* seen = observed_.network(name);
      plan_resource("network", Action::create_network, key, name, it->second.external, seen != nullptr,
                    seen && seen->external, network_ops_);
    }
    for (const auto& key : volumes) {
      auto it = desired_.volumes.find(key);
      if (it == desired_.volumes.end()) continue;
      const std::string name = volume_name(desired_.name, key, it->second);
      const ObservedVolume* seen = observed_.volume(name);
      plan_resource("volume", Action::create_volume, key, name, it->second.external, seen != nullptr,
                    seen && seen->external, volume_ops_);
    }
  }

  void plan_resource(const std::string& kind, Action create, const std::string& key, const std::string& name,
                     bool external, bool exists, bool foreign, std::map<std::string, size_t>& created) {
    if (external) {
      if (!exists) plan_.errors.push_back(kind + " " + name + " declared as external, but could not be found");
      return;
    }
    // Using an object of the same name that another project (or the user) made
    // would tie its lifetime to ours: `down` would remove it.
    if (foreign) {
      plan_.errors.push_back(kind + " " + name + " exists but was not created for project " + desired_.name +
                             "; declare it external or remove it");
      return;
    }
    if (exists) return;
    Operation op;
    op.action = create;
    op.object = name;
    op.key = key;
    op.cause = "new";
    created[key] = append(plan_, std::move(op));
  }

  // A service outside the selection whose namespace parent this plan
  // replaces would be left in a dead namespace: it comes along (its parent
  // comes earlier in up order, so its fate is known here).
  bool shares_replaced_namespace(const std::string& name) const {
    auto parent = network_parent_service(desired_.services.at(name));
    if (!parent) return false;
    auto it = first_containers_.find(*parent);
    return it != first_containers_.end() && it->second.replaced && !containers_of(observed_, name).empty();
  }

  void plan_service(const std::string& name) {
    const spec::Service& config = desired_.services.at(name);
    Desired service{name, config, spec::config_hash(config), std::max(0, replica_count(name, config, options_.scale))};
    if (service.replicas > 1 && !config.container_name.empty()) {
      plan_.errors.push_back("services." + name + ": container_name \"" + config.container_name +
                             "\" cannot be used with " + std::to_string(service.replicas) +
                             " replicas; container names must be unique");
      return;
    }
    auto existing = containers_of(observed_, name);
    const size_t kept = std::min(existing.size(), static_cast<size_t>(service.replicas));
    std::vector<Operation> ops;
    std::set<int> numbers;
    for (size_t i = 0; i < kept; ++i) {
      numbers.insert(existing[i]->replica);
      if (auto op = converge(service, *existing[i])) ops.push_back(std::move(*op));
    }
    add_missing(service, existing.empty(), numbers, ops);
    std::stable_sort(ops.begin(), ops.end(), [](const Operation& a, const Operation& b) { return a.replica < b.replica; });
    note_first_container(service, numbers, existing, ops);
    for (auto& op : ops) add_service_op(service, std::move(op));
    const std::string cause = "scaled down to " + std::to_string(service.replicas);
    for (size_t i = existing.size(); i-- > kept;) stop_and_remove(plan_, *existing[i], cause, {});
  }

  // Creates the missing containers, with the lowest numbers not in use.
  void add_missing(const Desired& service, bool first_time, std::set<int>& numbers, std::vector<Operation>& ops) {
    const std::string cause = first_time ? "new" : "scaled up to " + std::to_string(service.replicas);
    int missing = service.replicas - static_cast<int>(numbers.size());
    for (int replica = 1; missing > 0; ++replica) {
      if (numbers.count(replica)) continue;
      Operation op;
      op.action = Action::create_container;
      op.object = container_name(desired_.name, service.name, service.config, replica);
      op.service = service.name;
      op.replica = replica;
      op.cause = cause;
      op.start = !options_.no_start;
      ops.push_back(std::move(op));
      numbers.insert(replica);
      --missing;
    }
  }

  // Recreate, start, restart or leave alone.
  std::optional<Operation> converge(const Desired& service, const ObservedContainer& c) {
    auto cause = removed_network(service.config, c);
    if (!cause) cause = recreate_cause(service, c);
    if (cause) {
      Operation op = container_op(Action::recreate_container, c, *cause);
      op.start = !options_.no_start;
      return op;
    }
    if (options_.no_start || (c.completed && awaited_to_complete(service.name))) return std::nullopt;
    if (c.status != ContainerStatus::running) return container_op(Action::start_container, c, not_running_cause(c));
    if (auto cause = restart_cause(service)) return container_op(Action::restart_container, c, *cause);
    return std::nullopt;
  }

  // A container that exited 0 counts as a finished one-shot job, left alone,
  // only when a dependent waits for it with service_completed_successfully;
  // any other service that exited is started again (as docker compose does).
  bool awaited_to_complete(const std::string& service) const {
    for (const auto& [name, config] : desired_.services) {
      auto it = config.depends_on.find(service);
      if (it != config.depends_on.end() &&
          it->second.condition == spec::DependencyCondition::service_completed_successfully)
        return true;
    }
    return false;
  }

  std::optional<std::string> recreate_cause(const Desired& service, const ObservedContainer& c) const {
    if (options_.no_recreate) return std::nullopt;
    if (options_.force_recreate && forced(service.name)) return "forced";
    if (c.config_hash != service.config_hash) return "config changed";
    auto image = options_.image_ids.find(service.name);
    if (image != options_.image_ids.end() && !image->second.empty() && image->second != c.image_id)
      return "image changed";
    if (network_parent_replaced(service.config, c)) return "network namespace parent recreated";
    return std::nullopt;
  }

  // A container created on a network that was removed since (and maybe made
  // again, with a new id) can never start: it is recreated, even under
  // --no-recreate.
  std::optional<std::string> removed_network(const spec::Service& config, const ObservedContainer& c) const {
    for (const auto& key : networks_of(config)) {
      auto declared = desired_.networks.find(key);
      if (declared == desired_.networks.end()) continue;
      const std::string name = network_name(desired_.name, key, declared->second);
      auto joined = c.networks.find(name);
      if (joined == c.networks.end()) continue;
      const ObservedNetwork* now = observed_.network(name);
      if (!now || now->id != joined->second) return "network " + name + " was removed";
    }
    return std::nullopt;
  }

  // --force-recreate is about the services the user named, not the dependencies
  // pulled in with them (like compose).
  bool forced(const std::string& service) const {
    if (options_.services.empty()) return true;
    return std::find(options_.services.begin(), options_.services.end(), service) != options_.services.end();
  }

  // The container joined a namespace that is gone, or is about to go.
  bool network_parent_replaced(const spec::Service& config, const ObservedContainer& c) const {
    auto parent = network_parent_service(config);
    if (!parent) return false;
    FirstContainer first;
    if (auto it = first_containers_.find(*parent); it != first_containers_.end()) {
      first = it->second;
    } else if (auto containers = containers_of(observed_, *parent); !containers.empty()) {
      first.id = containers.front()->id;
    }
    if (first.replaced) return true;
    return !c.network_parent_id.empty() && !first.id.empty() && first.id != c.network_parent_id;
  }

  // depends_on: {restart: true} restarts a running dependent after its
  // dependency was recreated or restarted.
  std::optional<std::string> restart_cause(const Desired& service) const {
    for (const auto& [dependency, how] : service.config.depends_on) {
      if (!how.restart) continue;
      if (auto it = restarted_.find(dependency); it != restarted_.end())
        return "dependency " + dependency + " " + it->second;
    }
    return std::nullopt;
  }

  void note_first_container(const Desired& service, const std::set<int>& numbers,
                            const std::vector<const ObservedContainer*>& existing, const std::vector<Operation>& ops) {
    if (numbers.empty()) return;
    const int first = *numbers.begin();
    FirstContainer state;
    for (const auto& op : ops)
      if (op.replica == first)
        state.replaced = op.action == Action::create_container || op.action == Action::recreate_container;
    for (const auto* c : existing)
      if (c->replica == first && state.id.empty()) state.id = c->id;
    first_containers_[service.name] = state;
  }

  void add_service_op(const Desired& service, Operation op) {
    if (op.action == Action::create_container || op.action == Action::recreate_container) {
      for (const auto& key : networks_of(service.config))
        if (auto it = network_ops_.find(key); it != network_ops_.end()) op.after.push_back(it->second);
      for (const auto& key : volumes_of(service.config))
        if (auto it = volume_ops_.find(key); it != volume_ops_.end()) op.after.push_back(it->second);
    }
    for (const auto& dependency : graph_.dependencies(service.name)) {
      const auto& before = service_ops_[dependency];
      op.after.insert(op.after.end(), before.begin(), before.end());
    }
    op.waits = waits_of(desired_, service.config);
    if (op.action == Action::recreate_container) restarted_[service.name] = "recreated";
    if (op.action == Action::restart_container) restarted_.emplace(service.name, "restarted");
    service_ops_[service.name].push_back(append(plan_, std::move(op)));
  }

  void plan_orphans() {
    std::vector<const ObservedContainer*> orphans;
    for (const auto& c : observed_.containers)
      if (is_orphan(desired_, c)) orphans.push_back(&c);
    std::sort(orphans.begin(), orphans.end(),
              [](const ObservedContainer* a, const ObservedContainer* b) { return a->name < b->name; });
    for (const auto* c : orphans) {
      if (options_.remove_orphans) {
        stop_and_remove(plan_, *c, "orphan (service " + c->service + ")", {});
      } else {
        plan_.warnings.push_back("orphan container " + c->name + " (service " + c->service +
                                 "); use --remove-orphans");
      }
    }
  }

  const spec::Project& desired_;
  const Observed& observed_;
  const PlanOptions& options_;
  const graph::Dag graph_;
  Plan plan_;
  std::set<std::string> selected_;
  std::map<std::string, size_t> network_ops_, volume_ops_;      // key -> create operation
  std::map<std::string, std::vector<size_t>> service_ops_;      // service -> its operations
  std::map<std::string, std::string> restarted_;                // service -> "recreated" / "restarted"
  std::map<std::string, FirstContainer> first_containers_;
};

}  // namespace

Plan plan(const spec::Project& desired, const Observed& observed, const PlanOptions& options) {
  return UpPlanner(desired, observed, options).run();
}

}  // namespace mocker::orchestrator::reconcile
