#pragma once
// From compose files to one merged document tree: each file is read, parsed,
// interpolated and normalised; its extends and include are resolved; then the
// files are merged in order.
#include "context.hpp"
#include "tree.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mocker::orchestrator::spec::detail {

struct FileInput {
  std::string path;                    // absolute, or "-"
  std::string display;                 // for diagnostics
  std::optional<std::string> content;  // given instead of reading path (stdin)
};

struct TreeScope {
  std::string base_dir;       // relative paths in these files resolve against this
  const EnvMap* env = nullptr;  // interpolation variables
  bool interpolate = true;
  std::string home;
  std::vector<std::string> include_chain;  // files that include these, outermost first
};

// nullopt when a file could not be read or parsed (errors are in ctx).
std::optional<Node> load_tree(const std::vector<FileInput>& files, const TreeScope& scope, LoadContext& ctx);

// One file through parse, interpolation and normalisation (no extends, no include):
// one tree per YAML document, tags (!reset, !override) still in place.
std::optional<std::vector<Node>> load_file(const FileInput& file, const TreeScope& scope, LoadContext& ctx);

// Reads a small regular file; reports problems at `at` (or against the file itself).
std::optional<std::string> read_text_file(const std::string& path, LoadContext& ctx, const Mark* at = nullptr,
                                          const std::string& at_path = {});

// Substitutes variables in every scalar value (never in keys) of a document and
// records the variables referenced. With substitute=false only records them.
void interpolate_tree(Node& root, const EnvMap& env, bool substitute, LoadContext& ctx);

// In extends.cpp / include.cpp:
void resolve_extends(Node& root, const TreeScope& scope, LoadContext& ctx);
void apply_include(Node& root, const TreeScope& scope, LoadContext& ctx);

}  // namespace mocker::orchestrator::spec::detail
