#pragma once
// YAML text to Node trees (one per document) with anchors, aliases and merge keys
// resolved. The only place that sees yaml-cpp.
#include "context.hpp"
#include "tree.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace mocker::orchestrator::spec::detail {

// nullopt when the text is not valid YAML (the error is in ctx).
std::optional<std::vector<Node>> parse_yaml(std::string_view text, int source, LoadContext& ctx);

}  // namespace mocker::orchestrator::spec::detail
