#pragma once
// What exists for a project, as plain data: the planner's view of the engine.
// Built by `observe` from engine objects, or written by hand in tests.
#include <mocker/reconcile/labels.hpp>

#include <map>
#include <string>
#include <vector>

namespace mocker::orchestrator::reconcile {

enum class ContainerStatus { created, running, exited };
const char* to_string(ContainerStatus status);

struct ObservedContainer {
  std::string id;
  std::string name;
  std::string service;
  int replica = 1;
  bool oneoff = false;
  std::string config_hash;
  std::string image_id;
  ContainerStatus status = ContainerStatus::running;
  int exit_code = 0;
  Labels labels;
  // Container whose network namespace this one shares (network_mode: service:X).
  std::string network_parent_id;
  // The bridge networks it was created on, as its record names them: name -> id.
  std::map<std::string, std::string> networks{};
  // Exited on its own with code 0 (not stopped by stop/kill/down): a one-shot
  // job that is done. `up` leaves it be, so a second `up` is a no-op.
  bool completed = false;
};

struct ObservedNetwork {
  std::string name;
  std::string id;
  Labels labels;
  // Not made by this project (no project label): never created or removed by us.
  bool external = false;
};

struct ObservedVolume {
  std::string name;
  Labels labels;
  bool external = false;
};

struct Observed {
  std::vector<ObservedContainer> containers;
  std::vector<ObservedNetwork> networks;
  std::vector<ObservedVolume> volumes;

  const ObservedNetwork* network(const std::string& name) const;
  const ObservedVolume* volume(const std::string& name) const;
  const ObservedContainer* container_by_id(const std::string& id) const;
};

}  // namespace mocker::orchestrator::reconcile
