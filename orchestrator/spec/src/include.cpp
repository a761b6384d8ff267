// include: each entry is loaded as a compose project of its own (own project
// directory, own .env) and its resources are added to the including document.
#include "documents.hpp"
#include "environment.hpp"

#include <filesystem>

namespace mocker::orchestrator::spec::detail {

namespace {

namespace fs = std::filesystem;

std::vector<std::string> scalar_list(const Node* list) {
  std::vector<std::string> out;
  if (list && list->is_seq())
    for (const auto& item : list->items)
      if (item.is_scalar() && !item.poisoned) out.push_back(item.text);
  return out;
}

bool any_poisoned(const Node& n) {
  if (n.poisoned) return true;
  for (const auto& i : n.items)
    if (any_poisoned(i)) return true;
  for (const auto& e : n.entries)
    if (any_poisoned(e.value)) return true;
  return false;
}

std::string file_name(const std::string& path) { return fs::path(path).filename().string(); }

// Adds the included project's resources; a name defined on both sides is an error
// unless both definitions are identical.
void import_resources(Node& root, const Node& included, const std::string& from, LoadContext& ctx) {
  for (const char* kind : {"services", "networks", "volumes", "secrets", "configs"}) {
    const Node* src = included.find(kind);
    if (!src || !src->is_map()) continue;
    Node* dst = root.find(kind);
    if (!dst) dst = &root.set(kind, Node::map(root.mark));
    if (!dst->is_map()) continue;  // reported by the typed stage
    for (const auto& e : src->entries) {
      if (const Node* mine = dst->find(e.key)) {
        if (to_json(*mine) != to_json(e.value)) {
          ctx.error(mine->mark, join(kind, e.key), "conflicts with the definition imported from " + from);
        }
        continue;
      }
      dst->entries.push_back(e);
    }
  }
}

}  // namespace

void apply_include(Node& root, const TreeScope& scope, LoadContext& ctx) {
  const Node* inc = root.find("include");
  if (!inc) return;
  Node entries = *inc;
  root.erase("include");
  if (entries.is_null()) return;
  if (!entries.is_seq()) {
    ctx.error(entries.mark, "include", "expected a list, got " + kind_name(entries));
    return;
  }
  for (size_t i = 0; i < entries.items.size(); ++i) {
    const Node& item = entries.items[i];
    std::string path = index("include", i);
    if (any_poisoned(item)) continue;  // its interpolation failed, reported
    if (!item.is_map()) {
      ctx.error(item.mark, path, "expected a path or a mapping, got " + kind_name(item));
      continue;
    }
    bool valid = true;
    for (const auto& e : item.entries) {
      if (e.key != "path" && e.key != "project_directory" && e.key != "env_file") {
        ctx.error(e.key_mark, path, "unknown attribute \"" + e.key + "\"");
        valid = false;
      }
    }
    std::vector<std::string> files = scalar_list(item.find("path"));
    if (files.empty()) {
      ctx.error(item.mark, path, "include needs a path");
      continue;
    }
    if (!valid) continue;
    for (const auto& f : files) {
      for (size_t k = 0; k < scope.include_chain.size(); ++k) {
        if (scope.include_chain[k] != f) continue;
        std::string cycle;
        for (size_t j = k; j < scope.include_chain.size(); ++j) cycle += file_name(scope.include_chain[j]) + " -> ";
        ctx.error(item.mark, path, "include cycle: " + cycle + file_name(f));
        valid = false;
      }
    }
    if (static_cast<int>(scope.include_chain.size()) >= Limits::max_chain) {
      ctx.error(item.mark, path, "include chain longer than " + std::to_string(Limits::max_chain));
      valid = false;
    }
    if (!valid) continue;

    std::string project_dir = fs::path(files[0]).parent_path().string();
    if (const Node* dir = item.find("project_directory"); dir && dir->is_scalar()) project_dir = dir->text;
    std::vector<std::string> env_files = scalar_list(item.find("env_file"));
    EnvMap file_env;
    if (!env_files.empty()) {
      file_env = read_env_files(env_files, *scope.env, ctx, &item.mark, path + ".env_file");
    } else if (std::error_code ec; fs::is_regular_file(project_dir + "/.env", ec)) {
      file_env = read_env_files({project_dir + "/.env"}, *scope.env, ctx);
    }
    // The including project's variables win over the included project's defaults.
    EnvMap env = overlay(std::move(file_env), *scope.env);

    TreeScope sub = scope;
    sub.base_dir = project_dir;
    sub.env = &env;
    std::vector<FileInput> inputs;
    for (const auto& f : files) {
      if (!ctx.count_file_load(item.mark, path)) return;
      // Read here so that a missing file is reported where it is included.
      auto text = read_text_file(f, ctx, &item.mark, path);
      if (!text) {
        valid = false;
        continue;
      }
      inputs.push_back(FileInput{f, ctx.display(f), std::move(text)});
    }
    if (!valid) continue;
    auto included = load_tree(inputs, sub, ctx);
    if (!included) continue;
    import_resources(root, *included, file_name(files[0]), ctx);
  }
}

}  // namespace mocker::orchestrator::spec::detail
