#pragma once
// Engine objects -> the project's snapshot. Still no engine handle: the caller
// lists containers (Containers::list(true, {project_filter(name)})) and
// networks (Networks::list()) and hands them over, so this stays a plain
// function that tests can feed. Lives in its own library, mocker_reconcile_observe,
// so the planner itself never links the engine.
#include <mocker/container/container.hpp>
#include <mocker/network/network.hpp>
#include <mocker/reconcile/observed.hpp>
#include <mocker/spec/model.hpp>

#include <vector>

namespace mocker::orchestrator::reconcile {

// Containers labelled for `desired`'s project (others, and ones whose labels
// are malformed, are ignored); networks labelled for it, plus networks the
// model names that are someone else's (marked external, so the planner can
// use external ones and refuse to adopt foreign ones). Volumes: none yet, the
// engine has no volumes.
Observed observe(const spec::Project& desired, const std::vector<engine::container::Container>& containers,
                 const std::vector<engine::network::Network>& networks);

ObservedContainer observe_container(const engine::container::Container& container, const ContainerIdentity& identity);

}  // namespace mocker::orchestrator::reconcile
