#include <mocker/supervisor/labels.hpp>

namespace mocker::orchestrator::supervisor {

std::map<std::string, std::string> policy_labels(const spec::Service& service) {
  std::map<std::string, std::string> out;
  RestartRule rule = restart_rule(service);
  if (rule.when != RestartRule::When::never) out[label::kRestart] = to_json(rule).dump();
  if (auto health = health_config(service)) out[label::kHealthcheck] = to_json(*health).dump();
  return out;
}

namespace {
std::optional<nlohmann::json> parse(const std::map<std::string, std::string>& labels, const char* key) {
  auto it = labels.find(key);
  if (it == labels.end()) return std::nullopt;
  auto j = nlohmann::json::parse(it->second, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}
}  // namespace

ContainerPolicy policy_from_labels(const std::map<std::string, std::string>& labels) {
  ContainerPolicy p;
  if (auto j = parse(labels, label::kRestart)) p.restart = restart_rule_from_json(*j);
  if (auto j = parse(labels, label::kHealthcheck)) {
    p.health = health_config_from_json(*j);
    if (p.health->test.empty()) p.health.reset();
  }
  return p;
}

}  // namespace mocker::orchestrator::supervisor
