#pragma once
// What the files leave implicit (resource names, the default network), and the
// checks that need the whole project: references between services and resources,
// and dependency cycles.
#include "context.hpp"

#include <mocker/spec/model.hpp>

#include <map>
#include <unordered_map>

namespace mocker::orchestrator::spec::detail {

void apply_defaults(Project& project, const std::unordered_map<std::string, Mark>& marks, LoadContext& ctx);
void check_consistency(Project& project, const std::unordered_map<std::string, Mark>& marks, LoadContext& ctx);

}  // namespace mocker::orchestrator::spec::detail
