#include <mocker/supervisor/health.hpp>

#include <type_traits>

namespace mocker::orchestrator::supervisor {
namespace {

constexpr int64_t kDefaultRetries = 3;

// Rounds up so that a sub-millisecond setting does not become "default".
Millis to_millis(spec::Duration d) { return std::chrono::ceil<Millis>(d); }

// Docker takes its default for a duration that is unset or zero.
Millis or_default(const std::optional<spec::Duration>& d, Millis fallback) {
  return d && d->count() > 0 ? to_millis(*d) : fallback;
}

int64_t retries_of(const HealthConfig& config) {
  return config.retries > 0 ? config.retries : kDefaultRetries;
}

bool wants_restart_unhealthy(const spec::RawAttributes& extensions) {
  auto it = extensions.find("x-mocker");
  if (it == extensions.end() || !it->second.is_object()) return false;
  auto flag = it->second.find("restart_unhealthy");
  return flag != it->second.end() && flag->is_boolean() && flag->get<bool>();
}

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

size_t utf8_width(char lead) {
  const auto c = static_cast<unsigned char>(lead);
  return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

// Cuts to `limit` bytes without leaving half a UTF-8 character, which would
// make the state unprintable as JSON.
void truncate_output(std::string& s, size_t limit) {
  if (s.size() <= limit) return;
  size_t lead = limit;  // steps back to the byte after the last character's lead byte
  while (lead > 0 && limit - lead < 3 && is_continuation(s[lead - 1])) --lead;
  if (lead > 0 && utf8_width(s[lead - 1]) > limit - lead + 1) limit = lead - 1;
  s.resize(limit);
}

HealthStatus status_from_name(const std::string& s) {
  for (HealthStatus h : {HealthStatus::healthy, HealthStatus::unhealthy})
    if (s == health_name(h)) return h;
  return HealthStatus::starting;
}

// Missing or mistyped keys keep the default, so an older or damaged state
// file still loads.
template <typename T>
T field(const nlohmann::json& j, const char* key, T fallback) {
  if (!j.is_object() || !j.contains(key)) return fallback;
  const nlohmann::json& v = j.at(key);
  if constexpr (std::is_same_v<T, bool>) {
    return v.is_boolean() ? v.get<bool>() : fallback;
  } else if constexpr (std::is_integral_v<T>) {
    return v.is_number_integer() ? v.get<T>() : fallback;
  } else {
    return v.is_string() ? v.get<T>() : fallback;
  }
}

Millis millis_field(const nlohmann::json& j, const char* key, Millis fallback) {
  return Millis{field<int64_t>(j, key, fallback.count())};
}

std::vector<std::string> strings_field(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_array()) return out;
  for (const auto& v : j.at(key))
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

nlohmann::json to_json(const ProbeResult& p) {
  return {{"start", p.start}, {"end", p.end}, {"exit_code", p.exit_code}, {"timed_out", p.timed_out}, {"output", p.output}};
}

ProbeResult probe_from_json(const nlohmann::json& j) {
  ProbeResult p;
  p.start = field<std::string>(j, "start", "");
  p.end = field<std::string>(j, "end", "");
  p.exit_code = field<int>(j, "exit_code", 0);
  p.timed_out = field<bool>(j, "timed_out", false);
  p.output = field<std::string>(j, "output", "");
  return p;
}

}  // namespace

std::optional<HealthConfig> health_config(const spec::Service& service) {
  if (!service.healthcheck) return std::nullopt;
  const spec::Healthcheck& hc = *service.healthcheck;
  if (hc.test.empty() || hc.test[0] == "NONE") return std::nullopt;
  HealthConfig c;
  c.test = hc.test;
  c.interval = or_default(hc.interval, c.interval);
  c.timeout = or_default(hc.timeout, c.timeout);
  c.start_period = or_default(hc.start_period, c.start_period);
  c.start_interval = or_default(hc.start_interval, c.start_interval);
  if (hc.retries && *hc.retries > 0) c.retries = *hc.retries;
  c.restart_unhealthy = wants_restart_unhealthy(service.extensions);
  return c;
}

std::vector<std::string> probe_argv(const HealthConfig& config) {
  const auto& t = config.test;
  if (t.size() < 2) return {};
  if (t[0] == "CMD") return {t.begin() + 1, t.end()};
  if (t[0] != "CMD-SHELL") return {};
  std::string command = t[1];
  for (size_t i = 2; i < t.size(); ++i) command += " " + t[i];
  return {"/bin/sh", "-c", command};
}

std::string health_name(HealthStatus s) {
  switch (s) {
    case HealthStatus::starting: return "starting";
    case HealthStatus::healthy: return "healthy";
    case HealthStatus::unhealthy: return "unhealthy";
  }
  return "starting";
}

bool record_probe(HealthState& state, const HealthConfig& config, ProbeResult probe, Millis since_start) {
  const HealthStatus before = state.status;
  const bool passed = probe.exit_code == 0 && !probe.timed_out;
  truncate_output(probe.output, kProbeOutputLimit);
  state.log.push_back(std::move(probe));
  while (state.log.size() > kProbeLogLength) state.log.pop_front();
  if (passed) {
    state.status = HealthStatus::healthy;
    state.failing_streak = 0;
  } else if (state.status != HealthStatus::starting || since_start >= config.start_period) {
    if (++state.failing_streak >= retries_of(config)) state.status = HealthStatus::unhealthy;
  }
  return state.status != before;
}

Millis next_probe_in(const HealthState& state, const HealthConfig& config, Millis since_start) {
  const bool warming_up = state.status == HealthStatus::starting && since_start < config.start_period;
  return warming_up ? config.start_interval : config.interval;
}

nlohmann::json to_json(const HealthConfig& config) {
  return {{"test", config.test},
          {"interval_ms", config.interval.count()},
          {"timeout_ms", config.timeout.count()},
          {"start_period_ms", config.start_period.count()},
          {"start_interval_ms", config.start_interval.count()},
          {"retries", config.retries},
          {"restart_unhealthy", config.restart_unhealthy}};
}

HealthConfig health_config_from_json(const nlohmann::json& j) {
  HealthConfig c;
  c.test = strings_field(j, "test");
  c.interval = millis_field(j, "interval_ms", c.interval);
  c.timeout = millis_field(j, "timeout_ms", c.timeout);
  c.start_period = millis_field(j, "start_period_ms", c.start_period);
  c.start_interval = millis_field(j, "start_interval_ms", c.start_interval);
  c.retries = field<int64_t>(j, "retries", c.retries);
  c.restart_unhealthy = field<bool>(j, "restart_unhealthy", false);
  return c;
}

nlohmann::json to_json(const HealthState& state) {
  nlohmann::json log = nlohmann::json::array();
  for (const auto& p : state.log) log.push_back(to_json(p));
  return {{"status", health_name(state.status)}, {"failing_streak", state.failing_streak}, {"log", log}};
}

HealthState health_state_from_json(const nlohmann::json& j) {
  HealthState s;
  s.status = status_from_name(field<std::string>(j, "status", "starting"));
  s.failing_streak = field<int64_t>(j, "failing_streak", 0);
  if (j.is_object() && j.contains("log") && j.at("log").is_array())
    for (const auto& p : j.at("log")) s.log.push_back(probe_from_json(p));
  while (s.log.size() > kProbeLogLength) s.log.pop_front();
  return s;
}

}  // namespace mocker::orchestrator::supervisor
