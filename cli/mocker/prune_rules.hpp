#pragma once
// What the prune commands remove, as pure decisions over what exists (docker
// 23+'s rules): stopped containers; networks no container names, except the
// predefined ones; dangling images (or, with --all, every unused one); unused
// anonymous volumes (or, with --all, every unused one). Named volumes are
// never removed by `system prune`.
#include <mocker/state/records.hpp>

#include <string>
#include <vector>

namespace mocker::cli {

// A volume made for one container's anonymous mount (compose's, or docker's
// label) rather than one the user named.
bool anonymous_volume(const engine::state::Labels& labels);

struct PruneCandidate {
  std::string id;    // what the remover takes
  bool used = false; // by any container, running or not
  bool tagged = false;  // images: has a name; volumes: is named (not anonymous); networks: predefined
};

// The ids to remove among candidates: unused ones, and unless all only those
// not tagged (dangling images, anonymous volumes). Predefined networks are
// passed as tagged with all = false.
std::vector<std::string> select_unused(const std::vector<PruneCandidate>& candidates, bool all);

bool predefined_network(const std::string& name);  // bridge, host, none

}  // namespace mocker::cli
