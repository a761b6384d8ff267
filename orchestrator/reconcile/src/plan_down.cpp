// The `down` planner: orphans first (they may depend on anything), then each
// service's containers with dependents before their dependencies, then the
// project's networks and, with -v, its named volumes. Nothing external, and
// nothing another project made, is ever removed.
#include "operations.hpp"
#include "scope.hpp"

#include <mocker/reconcile/labels.hpp>
#include <mocker/reconcile/plan.hpp>

#include <algorithm>

namespace mocker::orchestrator::reconcile {

namespace {

using namespace detail;

constexpr const char* kDownCause = "down";

// Every container of the service, one-off ones included, in a stable order.
std::vector<const ObservedContainer*> all_containers_of(const Observed& observed, const std::string& service) {
  std::vector<const ObservedContainer*> out;
  for (const auto& c : observed.containers)
    if (c.service == service) out.push_back(&c);
  std::sort(out.begin(), out.end(), [](const ObservedContainer* a, const ObservedContainer* b) {
    if (a->oneoff != b->oneoff) return !a->oneoff;
    return a->replica != b->replica ? a->replica < b->replica : a->name < b->name;
  });
  return out;
}

bool known_service(const spec::Project& project, const std::string& service) {
  return project.services.count(service) || project.disabled_services.count(service);
}

class DownPlanner {
 public:
  DownPlanner(const spec::Project& desired, const Observed& observed, const DownOptions& options)
      : desired_(desired), observed_(observed), options_(options), graph_(dependency_graph(desired)) {
    plan_.project = desired.name;
  }

  Plan run() && {
    auto order = graph_.down_order();
    if (!order) {
      plan_.errors.push_back(order.error().message);
      return std::move(plan_);
    }
    plan_orphans();
    for (const auto& service : flatten(*order)) plan_service(service);
    // Disabled services are not in the graph but their containers are the project's.
    for (const auto& [service, _] : desired_.disabled_services) plan_service(service);
    const auto containers = all_operations();
    plan_networks(containers);
    if (options_.volumes) plan_volumes(containers);
    return std::move(plan_);
  }

 private:
  void plan_orphans() {
    std::vector<const ObservedContainer*> orphans;
    for (const auto& c : observed_.containers)
      if (!known_service(desired_, c.service)) orphans.push_back(&c);
    std::sort(orphans.begin(), orphans.end(),
              [](const ObservedContainer* a, const ObservedContainer* b) { return a->name < b->name; });
    for (const auto* c : orphans) {
      if (!options_.remove_orphans) {
        plan_.warnings.push_back("orphan container " + c->name + " (service " + c->service +
                                 "); use --remove-orphans");
        continue;
      }
      auto added = stop_and_remove(plan_, *c, "orphan (service " + c->service + ")", {});
      orphan_ops_.insert(orphan_ops_.end(), added.begin(), added.end());
    }
  }

  // A service stops only after everything that depends on it has stopped.
  void plan_service(const std::string& service) {
    std::vector<size_t> after = orphan_ops_;
    for (const auto& dependent : graph_.dependents(service)) {
      const auto& before = service_ops_[dependent];
      after.insert(after.end(), before.begin(), before.end());
    }
    for (const auto* c : all_containers_of(observed_, service)) {
      auto added = stop_and_remove(plan_, *c, kDownCause, after);
      service_ops_[service].insert(service_ops_[service].end(), added.begin(), added.end());
    }
  }

  // Networks and volumes go once no container of ours can still use them.
  std::vector<size_t> all_operations() const {
    std::vector<size_t> out;
    for (size_t i = 0; i < plan_.operations.size(); ++i) out.push_back(i);
    return out;
  }

  void plan_networks(const std::vector<size_t>& after) {
    for (const auto& [key, network] : desired_.networks) {
      if (network.external) continue;
      const ObservedNetwork* seen = observed_.network(network_name(desired_.name, key, network));
      if (!seen || seen->external) continue;
      add_resource_removal(Action::remove_network, key, seen->name, after);
    }
  }

  void plan_volumes(const std::vector<size_t>& after) {
    for (const auto& [key, volume] : desired_.volumes) {
      if (volume.external) continue;
      const ObservedVolume* seen = observed_.volume(volume_name(desired_.name, key, volume));
      if (!seen || seen->external) continue;
      add_resource_removal(Action::remove_volume, key, seen->name, after);
    }
  }

  void add_resource_removal(Action action, const std::string& key, const std::string& name,
                            const std::vector<size_t>& after) {
    Operation op;
    op.action = action;
    op.object = name;
    op.key = key;
    op.cause = kDownCause;
    op.after = after;
    append(plan_, std::move(op));
  }

  const spec::Project& desired_;
  const Observed& observed_;
  const DownOptions& options_;
  const graph::Dag graph_;
  Plan plan_;
  std::vector<size_t> orphan_ops_;
  std::map<std::string, std::vector<size_t>> service_ops_;
};

}  // namespace

Plan plan_down(const spec::Project& desired, const Observed& observed, const DownOptions& options) {
  return DownPlanner(desired, observed, options).run();
}

}  // namespace mocker::orchestrator::reconcile
