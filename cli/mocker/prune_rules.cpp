#include "prune_rules.hpp"

namespace mocker::cli {

bool anonymous_volume(const engine::state::Labels& labels) {
  if (labels.contains("com.docker.volume.anonymous")) return true;
  // mocker-compose labels every volume it makes with its project; a declared
  // one also carries its key in the compose file.
  if (!labels.contains("io.mocker.compose.project")) return false;
  auto key = labels.find("io.mocker.compose.volume");
  return key == labels.end() || key->second.empty();
}

std::vector<std::string> select_unused(const std::vector<PruneCandidate>& candidates, bool all) {
  std::vector<std::string> out;
  for (const auto& c : candidates)
    if (!c.used && (all || !c.tagged)) out.push_back(c.id);
  return out;
}

bool predefined_network(const std::string& name) { return name == "bridge" || name == "host" || name == "none"; }

}  // namespace mocker::cli
