#pragma once
// Healthchecks as a state machine: what a probe's result does to a container's
// health, and when the next probe is due. Pure; the supervisor runs the probes
// and owns the clock.
#include <mocker/spec/model.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <deque>
#include <optional>
#include <string>
#include <vector>

namespace mocker::orchestrator::supervisor {

using Millis = std::chrono::milliseconds;

struct HealthConfig {
  std::vector<std::string> test;  // {"CMD", argv...} or {"CMD-SHELL", command}
  Millis interval{30000};
  Millis timeout{30000};
  Millis start_period{0};
  Millis start_interval{5000};
  int64_t retries = 3;
  // x-mocker: {restart_unhealthy: true} on the service: an unhealthy container
  // is restarted (stop signal, then its restart policy's delay), which the
  // Docker engine never does.
  bool restart_unhealthy = false;

  bool operator==(const HealthConfig&) const = default;
};

// The service's healthcheck, with Docker's defaults for what it leaves out;
// nullopt when there is none or it is disabled (NONE, disable: true). The
// loader turns a string test into {"CMD-SHELL", text} and disable: true into
// {"NONE"}. As in Docker, a zero duration or retries <= 0 takes the default.
// A healthcheck without `test` is nullopt too: Docker would take the image's
// test, which is not known here.
std::optional<HealthConfig> health_config(const spec::Service& service);

// What to run inside the container: CMD's argv, or /bin/sh -c for CMD-SHELL
// (several CMD-SHELL words are joined with spaces). Empty when the test names
// nothing to run ({"CMD"}, an unknown form): the supervisor counts that as a
// failed probe, as Docker does.
std::vector<std::string> probe_argv(const HealthConfig& config);

enum class HealthStatus { starting, healthy, unhealthy };
std::string health_name(HealthStatus s);  // "starting", "healthy", "unhealthy"

struct ProbeResult {
  int exit_code = 0;
  bool timed_out = false;
  std::string output;  // stdout and stderr, at most kProbeOutputLimit bytes
  std::string start, end;  // RFC 3339, for inspect

  bool operator==(const ProbeResult&) const = default;
};
inline constexpr size_t kProbeOutputLimit = 4096;
inline constexpr size_t kProbeLogLength = 5;  // probes kept in HealthState::log

struct HealthState {
  HealthStatus status = HealthStatus::starting;
  int64_t failing_streak = 0;
  std::deque<ProbeResult> log;  // the last kProbeLogLength probes, oldest first

  bool operator==(const HealthState&) const = default;
};

// Applies a finished probe; `since_start` is how long the container had been
// running when the probe started. Returns true when the status changed.
// A probe passes when it exited 0 in time. A pass makes the container healthy
// and clears the streak. A failure adds one to failing_streak, and the status
// becomes unhealthy when the streak reaches `retries`; except that, as in
// Docker, a failure while still `starting` inside the start period
// (since_start < start_period) is not counted. Output longer than
// kProbeOutputLimit is cut (at a UTF-8 character boundary).
bool record_probe(HealthState& state, const HealthConfig& config, ProbeResult probe, Millis since_start);

// How long after the last probe (or the container's start) the next one is due.
Millis next_probe_in(const HealthState& state, const HealthConfig& config, Millis since_start);

nlohmann::json to_json(const HealthConfig& config);
HealthConfig health_config_from_json(const nlohmann::json& j);
nlohmann::json to_json(const HealthState& state);
HealthState health_state_from_json(const nlohmann::json& j);

}  // namespace mocker::orchestrator::supervisor
