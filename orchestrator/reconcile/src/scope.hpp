#pragma once
// What the planners need to know about the desired model beyond its fields:
// who depends on whom, which services are in scope, how many replicas, what a
// container waits for, and which containers are orphans.
#include <mocker/graph/dag.hpp>
#include <mocker/reconcile/observed.hpp>
#include <mocker/reconcile/plan.hpp>
#include <mocker/spec/model.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mocker::orchestrator::reconcile::detail {

// Edges for depends_on, network_mode: service:X, volumes_from and links.
graph::Dag dependency_graph(const spec::Project& project);

// The named services plus, unless no_deps, everything they depend on; all
// services when none are named. Unknown names are reported in `errors`.
std::set<std::string> select_services(const spec::Project& project, const graph::Dag& graph,
                                      const std::vector<std::string>& names, bool no_deps,
                                      std::vector<std::string>& errors);

// The up order flattened: each ready set in name order.
std::vector<std::string> flatten(const graph::Order& order);

int replica_count(const std::string& service, const spec::Service& config, const std::map<std::string, int>& scale);
std::vector<Wait> waits_of(const spec::Project& project, const spec::Service& service);
// network_mode: service:X -> X.
std::optional<std::string> network_parent_service(const spec::Service& service);
std::vector<std::string> networks_of(const spec::Service& service);  // keys
std::vector<std::string> volumes_of(const spec::Service& service);   // keys of named volumes

// A container of a service the model no longer has (services disabled by
// profiles still count as the model's), or a finished one-off container.
bool is_orphan(const spec::Project& project, const ObservedContainer& container);
// Service containers (not one-off) of `service`, by replica then name.
std::vector<const ObservedContainer*> containers_of(const Observed& observed, const std::string& service);

}  // namespace mocker::orchestrator::reconcile::detail
