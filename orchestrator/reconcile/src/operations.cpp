#include "operations.hpp"

#include <algorithm>

namespace mocker::orchestrator::reconcile {

const char* to_string(Action action) {
  switch (action) {
    case Action::create_network: return "create-network";
    case Action::create_volume: return "create-volume";
    case Action::create_container: return "create-container";
    case Action::recreate_container: return "recreate-container";
    case Action::start_container: return "start-container";
    case Action::restart_container: return "restart-container";
    case Action::stop_container: return "stop-container";
    case Action::remove_container: return "remove-container";
    case Action::remove_network: return "remove-network";
    case Action::remove_volume: return "remove-volume";
  }
  return "unknown";
}

namespace detail {

Operation container_op(Action action, const ObservedContainer& container, std::string cause) {
  Operation op;
  op.action = action;
  op.object = container.name;
  op.service = container.service;
  op.replica = container.replica;
  op.container_id = container.id;
  op.cause = std::move(cause);
  return op;
}

size_t append(Plan& plan, Operation operation) {
  auto& after = operation.after;
  std::sort(after.begin(), after.end());
  after.erase(std::unique(after.begin(), after.end()), after.end());
  plan.operations.push_back(std::move(operation));
  return plan.operations.size() - 1;
}

std::vector<size_t> stop_and_remove(Plan& plan, const ObservedContainer& container, const std::string& cause,
                                    const std::vector<size_t>& after) {
  std::vector<size_t> added;
  Operation remove = container_op(Action::remove_container, container, cause);
  remove.after = after;
  // A created container never ran and an exited one has stopped: only a
  // running one needs its stop signal and grace period first.
  if (container.status == ContainerStatus::running) {
    Operation stop = container_op(Action::stop_container, container, cause);
    stop.after = after;
    added.push_back(append(plan, std::move(stop)));
    remove.after = {added.back()};
  }
  added.push_back(append(plan, std::move(remove)));
  return added;
}

}  // namespace detail
}  // namespace mocker::orchestrator::reconcile
