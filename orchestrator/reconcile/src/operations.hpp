#pragma once
// Building blocks shared by the up and down planners.
#include <mocker/reconcile/observed.hpp>
#include <mocker/reconcile/plan.hpp>

#include <string>
#include <vector>

namespace mocker::orchestrator::reconcile::detail {

// An operation on an existing container.
Operation container_op(Action action, const ObservedContainer& container, std::string cause);
// Appends `operation` (its `after` sorted and de-duplicated); its index.
size_t append(Plan& plan, Operation operation);
// Stops the container if it may be running, then removes it; the indices added.
std::vector<size_t> stop_and_remove(Plan& plan, const ObservedContainer& container, const std::string& cause,
                                    const std::vector<size_t>& after);

}  // namespace mocker::orchestrator::reconcile::detail
