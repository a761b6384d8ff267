#pragma once
// Merging compose documents by the spec's rules: mappings merge, sequences append,
// command / entrypoint / healthcheck.test are replaced, ports / volumes / secrets /
// configs (and lists of plain values) are de-duplicated by their unique key, and the
// tags !reset (drop from the result) and !override (replace, do not merge) apply.
#include "tree.hpp"

#include <string>
#include <vector>

namespace mocker::orchestrator::spec::detail {

// `path` is where `over` sits in the document, e.g. {"services", "web"}; it selects
// the rules. Both trees are consumed; tags are applied and the result carries none.
Node merge_nodes(Node base, Node over, std::vector<std::string>& path);

// Merges a whole document into an accumulated one (which may be an empty mapping).
Node merge_documents(Node base, Node over);

}  // namespace mocker::orchestrator::spec::detail
