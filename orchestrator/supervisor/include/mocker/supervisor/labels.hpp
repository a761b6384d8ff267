#pragma once
// A container carries its own restart policy and healthcheck in labels, so a
// supervisor adopting it needs nothing but the engine: not the compose files,
// which may have changed or be out of reach (`ps -p NAME` from anywhere).
#include <mocker/supervisor/health.hpp>
#include <mocker/supervisor/restart.hpp>

#include <map>
#include <optional>
#include <string>

namespace mocker::orchestrator::supervisor {

namespace label {
inline constexpr const char* kRestart = "io.mocker.compose.restart";          // RestartRule as JSON
inline constexpr const char* kHealthcheck = "io.mocker.compose.healthcheck";  // HealthConfig as JSON
}  // namespace label

struct ContainerPolicy {
  RestartRule restart;
  std::optional<HealthConfig> health;
  // Nothing for a supervisor to do: no restarts, no probes.
  bool passive() const { return restart.when == RestartRule::When::never && !health; }
};

// The labels for a service's containers; none when the policy is passive.
std::map<std::string, std::string> policy_labels(const spec::Service& service);
// Back from a container's labels; missing or unreadable labels mean passive.
ContainerPolicy policy_from_labels(const std::map<std::string, std::string>& labels);

}  // namespace mocker::orchestrator::supervisor
