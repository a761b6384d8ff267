#pragma once
// Per-file rewriting before merge: short syntaxes become the long form (ports and
// volumes expanded, list-or-dict attributes become mappings) and relative paths
// become absolute, so that files written in either syntax merge by the same keys.
#include "context.hpp"
#include "tree.hpp"

namespace mocker::orchestrator::spec::detail {

struct NormalizeScope {
  std::string base_dir;       // relative paths in this file are relative to this
  std::string home;           // for "~"
  bool interpolated = true;   // false: values may still hold ${...}; leave those alone
};

void normalize_document(Node& root, const NormalizeScope& scope, LoadContext& ctx);

}  // namespace mocker::orchestrator::spec::detail
