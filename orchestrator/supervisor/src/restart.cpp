#include <mocker/supervisor/restart.hpp>

#include <algorithm>
#include <type_traits>
#include <vector>

namespace mocker::orchestrator::supervisor {
namespace {

using When = RestartRule::When;

// The Docker engine's restart manager numbers.
constexpr Millis kFirstBackoff{100};
constexpr Millis kMaxBackoff{60000};
constexpr Millis kStableRun{10000};

// Rounds up so that a sub-millisecond setting does not become "none".
Millis to_millis(spec::Duration d) { return std::chrono::ceil<Millis>(d); }

// 0 means "unlimited" for on-failure:N and for max_attempts.
std::optional<int64_t> limit(std::optional<int64_t> n) {
  return n && *n > 0 ? n : std::nullopt;
}

RestartRule from_restart(const spec::RestartPolicy& p) {
  RestartRule rule;
  switch (p.mode) {
    case spec::RestartPolicy::Mode::no: rule.when = When::never; break;
    case spec::RestartPolicy::Mode::always: rule.when = When::always; break;
    case spec::RestartPolicy::Mode::unless_stopped: rule.when = When::unless_stopped; break;
    case spec::RestartPolicy::Mode::on_failure: rule.when = When::on_failure; break;
  }
  if (rule.when == When::on_failure) rule.max_attempts = limit(p.max_retries);
  return rule;
}

RestartRule from_deploy(const spec::DeployRestartPolicy& p) {
  RestartRule rule;
  // The compose specification's default condition is `any`.
  rule.when = p.condition == "none" ? When::never : p.condition == "on-failure" ? When::on_failure : When::always;
  rule.max_attempts = limit(p.max_attempts);
  if (p.delay) rule.delay = to_millis(*p.delay);
  if (p.window && p.window->count() > 0) rule.window = to_millis(*p.window);
  return rule;
}

const char* when_name(When w) {
  switch (w) {
    case When::never: return "no";
    case When::on_failure: return "on-failure";
    case When::always: return "always";
    case When::unless_stopped: return "unless-stopped";
  }
  return "no";
}

When when_from_name(const std::string& s) {
  for (When w : {When::on_failure, When::always, When::unless_stopped})
    if (s == when_name(w)) return w;
  return When::never;
}

Millis backoff(Millis last, Millis ran_for) {
  if (last <= Millis{0} || ran_for >= kStableRun) return kFirstBackoff;
  return std::min(last * 2, kMaxBackoff);
}

RestartDecision no_restart(const RestartHistory& history, std::string reason) {
  return {false, Millis{0}, std::move(reason), history};
}

std::string attempt_text(const RestartRule& rule, int64_t attempt) {
  if (!rule.max_attempts) return "";
  return ", attempt " + std::to_string(attempt) + " of " + std::to_string(*rule.max_attempts);
}

// "5s" for whole seconds, else "1500ms": what a compose file would say.
std::string duration_text(Millis d) {
  if (d.count() % 1000 == 0) return std::to_string(d.count() / 1000) + "s";
  return std::to_string(d.count()) + "ms";
}

// Missing or mistyped keys keep the default, so an older or damaged state
// file still loads.
template <typename T>
T field(const nlohmann::json& j, const char* key, T fallback) {
  if (!j.is_object() || !j.contains(key)) return fallback;
  const nlohmann::json& v = j.at(key);
  if constexpr (std::is_integral_v<T>) {
    return v.is_number_integer() ? v.get<T>() : fallback;
  } else {
    return v.is_string() ? v.get<T>() : fallback;
  }
}

std::optional<int64_t> optional_field(const nlohmann::json& j, const char* key) {
  if (!j.is_object() || !j.contains(key) || !j.at(key).is_number_integer()) return std::nullopt;
  return j.at(key).get<int64_t>();
}

std::optional<Millis> optional_millis(const nlohmann::json& j, const char* key) {
  auto n = optional_field(j, key);
  return n ? std::optional<Millis>(Millis{*n}) : std::nullopt;
}

}  // namespace

RestartRule restart_rule(const spec::Service& service) {
  if (service.deploy && service.deploy->restart_policy) return from_deploy(*service.deploy->restart_policy);
  if (service.restart) return from_restart(*service.restart);
  return {};
}

RestartDecision decide_restart(const RestartRule& rule, const ExitFacts& exit, const RestartHistory& history) {
  if (exit.stopped_by_user) return no_restart(history, "stopped by user");
  if (rule.when == When::never) return no_restart(history, "no restart policy");
  const std::string why = std::string(when_name(rule.when)) + ": exit code " + std::to_string(exit.exit_code);
  if (rule.when == When::on_failure && exit.exit_code == 0) return no_restart(history, why + " is not a failure");
  const bool lasted_window = rule.window && exit.ran_for >= *rule.window;
  const int64_t attempts = lasted_window ? 0 : history.attempts;
  if (rule.max_attempts && attempts >= *rule.max_attempts)
    return no_restart(history, why + ", gave up after " + std::to_string(attempts) + " attempts");
  RestartDecision d;
  d.restart = true;
  d.delay = rule.delay ? *rule.delay : backoff(history.last_delay, exit.ran_for);
  d.next = {history.restart_count + 1, attempts + 1, d.delay};
  d.reason = why + attempt_text(rule, d.next.attempts);
  return d;
}

std::string describe(const RestartRule& rule) {
  std::vector<std::string> deploy;
  const bool max_in_deploy = rule.max_attempts && (rule.when != When::on_failure || rule.delay || rule.window);
  if (max_in_deploy) deploy.push_back(std::to_string(*rule.max_attempts) + " attempts");
  if (rule.delay) deploy.push_back("delay " + duration_text(*rule.delay));
  if (rule.window) deploy.push_back("window " + duration_text(*rule.window));
  std::string text = when_name(rule.when);
  if (deploy.empty()) return rule.max_attempts ? text + ":" + std::to_string(*rule.max_attempts) : text;
  text += " (deploy: ";
  for (size_t i = 0; i < deploy.size(); ++i) text += (i ? ", " : "") + deploy[i];
  return text + ")";
}

nlohmann::json to_json(const RestartRule& rule) {
  nlohmann::json j = {{"when", when_name(rule.when)}};
  if (rule.max_attempts) j["max_attempts"] = *rule.max_attempts;
  if (rule.delay) j["delay_ms"] = rule.delay->count();
  if (rule.window) j["window_ms"] = rule.window->count();
  return j;
}

RestartRule restart_rule_from_json(const nlohmann::json& j) {
  RestartRule rule;
  rule.when = when_from_name(field<std::string>(j, "when", "no"));
  rule.max_attempts = optional_field(j, "max_attempts");
  rule.delay = optional_millis(j, "delay_ms");
  rule.window = optional_millis(j, "window_ms");
  return rule;
}

nlohmann::json to_json(const RestartHistory& history) {
  return {{"restart_count", history.restart_count},
          {"attempts", history.attempts},
          {"last_delay_ms", history.last_delay.count()}};
}

RestartHistory restart_history_from_json(const nlohmann::json& j) {
  RestartHistory h;
  h.restart_count = field<int64_t>(j, "restart_count", 0);
  h.attempts = field<int64_t>(j, "attempts", 0);
  h.last_delay = Millis{field<int64_t>(j, "last_delay_ms", 0)};
  return h;
}

}  // namespace mocker::orchestrator::supervisor
