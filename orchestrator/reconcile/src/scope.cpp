#include "scope.hpp"

#include <algorithm>

namespace mocker::orchestrator::reconcile::detail {

namespace {

std::string before_colon(const std::string& text) { return text.substr(0, text.find(':')); }

// Services a service needs started first without saying how (implied by
// network_mode, volumes_from and links): service_started.
std::vector<std::string> implied_dependencies(const spec::Service& service) {
  std::vector<std::string> out;
  if (auto parent = network_parent_service(service)) out.push_back(*parent);
  for (const auto& from : service.volumes_from)
    if (from.rfind("container:", 0) != 0) out.push_back(before_colon(from));
  for (const auto& link : service.links) out.push_back(before_colon(link));
  return out;
}

}  // namespace

graph::Dag dependency_graph(const spec::Project& project) {
  graph::Dag dag;
  for (const auto& [name, service] : project.services) {
    dag.add_node(name);
    for (const auto& [dependency, _] : service.depends_on)
      if (project.services.count(dependency)) dag.add_edge(name, dependency);
    for (const auto& dependency : implied_dependencies(service))
      if (project.services.count(dependency)) dag.add_edge(name, dependency);
  }
  return dag;
}

std::set<std::string> select_services(const spec::Project& project, const graph::Dag& graph,
                                      const std::vector<std::string>& names, bool no_deps,
                                      std::vector<std::string>& errors) {
  std::set<std::string> selected;
  if (names.empty()) {
    for (const auto& [name, _] : project.services) selected.insert(name);
    return selected;
  }
  std::vector<std::string> pending;
  for (const auto& name : names) {
    if (!project.services.count(name)) {
      errors.push_back("no such service: " + name);
      continue;
    }
    pending.push_back(name);
  }
  while (!pending.empty()) {
    std::string name = pending.back();
    pending.pop_back();
    if (!selected.insert(name).second || no_deps) continue;
    for (const auto& dependency : graph.dependencies(name)) pending.push_back(dependency);
  }
  return selected;
}

std::vector<std::string> flatten(const graph::Order& order) {
  std::vector<std::string> out;
  for (const auto& ready : order) out.insert(out.end(), ready.begin(), ready.end());
  return out;
}

int replica_count(const std::string& service, const spec::Service& config, const std::map<std::string, int>& scale) {
  if (auto it = scale.find(service); it != scale.end()) return it->second;
  if (config.scale) return static_cast<int>(*config.scale);
  if (config.deploy && config.deploy->replicas) return static_cast<int>(*config.deploy->replicas);
  return 1;
}

std::vector<Wait> waits_of(const spec::Project& project, const spec::Service& service) {
  std::map<std::string, Wait> waits;
  for (const auto& dependency : implied_dependencies(service))
    waits[dependency] = Wait{dependency, spec::DependencyCondition::service_started, true};
  // An explicit depends_on says how to wait; it wins over the implied default.
  for (const auto& [dependency, how] : service.depends_on)
    waits[dependency] = Wait{dependency, how.condition, how.required};
  std::vector<Wait> out;
  for (auto& [name, wait] : waits)
    if (project.services.count(name)) out.push_back(std::move(wait));
  return out;
}

std::optional<std::string> network_parent_service(const spec::Service& service) {
  if (!service.network_mode || service.network_mode->kind != spec::NetworkMode::Kind::service) return std::nullopt;
  return service.network_mode->target;
}

std::vector<std::string> networks_of(const spec::Service& service) {
  std::vector<std::string> out;
  for (const auto& [key, _] : service.networks) out.push_back(key);
  return out;
}

std::vector<std::string> volumes_of(const spec::Service& service) {
  std::set<std::string> keys;
  for (const auto& mount : service.volumes)
    if (mount.type == spec::MountType::volume && !mount.source.empty()) keys.insert(mount.source);
  return {keys.begin(), keys.end()};
}

bool is_orphan(const spec::Project& project, const ObservedContainer& container) {
  if (container.oneoff) return container.status == ContainerStatus::exited;
  return !project.services.count(container.service) && !project.disabled_services.count(container.service);
}

std::vector<const ObservedContainer*> containers_of(const Observed& observed, const std::string& service) {
  std::vector<const ObservedContainer*> out;
  for (const auto& c : observed.containers)
    if (c.service == service && !c.oneoff) out.push_back(&c);
  std::sort(out.begin(), out.end(), [](const ObservedContainer* a, const ObservedContainer* b) {
    return a->replica != b->replica ? a->replica < b->replica : a->name < b->name;
  });
  return out;
}

}  // namespace mocker::orchestrator::reconcile::detail
