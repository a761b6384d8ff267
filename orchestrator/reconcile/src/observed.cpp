#include <mocker/reconcile/observed.hpp>

#include <algorithm>

namespace mocker::orchestrator::reconcile {

const char* to_string(ContainerStatus status) {
  switch (status) {
    case ContainerStatus::created: return "created";
    case ContainerStatus::running: return "running";
    case ContainerStatus::exited: return "exited";
  }
  return "unknown";
}

namespace {
template <class T, class Field>
const T* find_by(const std::vector<T>& items, Field field, const std::string& value) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.*field == value; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const ObservedNetwork* Observed::network(const std::string& name) const {
  return find_by(networks, &ObservedNetwork::name, name);
}

const ObservedVolume* Observed::volume(const std::string& name) const {
  return find_by(volumes, &ObservedVolume::name, name);
}

const ObservedContainer* Observed::container_by_id(const std::string& id) const {
  return find_by(containers, &ObservedContainer::id, id);
}

}  // namespace mocker::orchestrator::reconcile
