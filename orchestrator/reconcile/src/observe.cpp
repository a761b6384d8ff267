#include <mocker/reconcile/labels.hpp>
#include <mocker/reconcile/observe.hpp>

#include <set>

namespace mocker::orchestrator::reconcile {

namespace {

namespace container = engine::container;

ContainerStatus status_of(container::Status status) {
  switch (status) {
    case container::Status::created: return ContainerStatus::created;
    case container::Status::running: return ContainerStatus::running;
    case container::Status::exited: return ContainerStatus::exited;
  }
  return ContainerStatus::exited;
}

// The namespace actually joined, as the engine recorded it; the label written
// at creation covers records that predate it.
std::string network_parent_of(const container::Container& c, const ContainerIdentity& identity) {
  if (c.network.kind == container::NetworkKind::container && !c.network.container.empty()) return c.network.container;
  return identity.network_parent_id;
}

std::set<std::string> network_names(const spec::Project& desired) {
  std::set<std::string> out;
  for (const auto& [key, network] : desired.networks) out.insert(network_name(desired.name, key, network));
  return out;
}

}  // namespace

ObservedContainer observe_container(const container::Container& c, const ContainerIdentity& identity) {
  ObservedContainer out;
  out.id = c.id;
  out.name = c.name;
  out.service = identity.service;
  out.replica = identity.replica;
  out.oneoff = identity.oneoff;
  out.config_hash = identity.config_hash;
  // The engine's own record of the image wins over our label: it cannot drift.
  out.image_id = c.image_id.empty() ? identity.image_id : c.image_id;
  out.status = status_of(c.state.status);
  out.exit_code = c.state.exit_code;
  out.completed = c.state.status == container::Status::exited && c.state.exit_code == 0 && !c.state.stopped_by_user;
  out.labels = c.labels;
  out.network_parent_id = network_parent_of(c, identity);
  if (c.network.kind == container::NetworkKind::bridge)
    for (const auto& n : c.network.networks) out.networks[n.name] = n.network;
  return out;
}

Observed observe(const spec::Project& desired, const std::vector<container::Container>& containers,
                 const std::vector<engine::network::Network>& networks) {
  Observed out;
  for (const auto& c : containers) {
    if (!belongs_to(c.labels, desired.name)) continue;
    if (auto identity = read_container_identity(c.labels)) out.containers.push_back(observe_container(c, *identity));
  }
  const auto named = network_names(desired);
  for (const auto& n : networks) {
    const bool ours = belongs_to(n.labels, desired.name);
    if (ours || named.count(n.name)) out.networks.push_back({n.name, n.id, n.labels, !ours});
  }
  return out;
}

}  // namespace mocker::orchestrator::reconcile
