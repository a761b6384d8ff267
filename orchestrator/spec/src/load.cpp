// The loader's pipeline, stage by stage.
#include <mocker/spec/load.hpp>
#include <mocker/spec/project_name.hpp>

#include "convert.hpp"
#include "discovery.hpp"
#include "documents.hpp"
#include "environment.hpp"
#include "validate.hpp"

#include <filesystem>

namespace mocker::orchestrator::spec {

namespace {

namespace fs = std::filesystem;
using namespace detail;

constexpr const char* kNameRule =
    "must contain only lowercase letters, digits, '-' and '_', and start with a letter or digit";

std::string env_value(const EnvMap& env, const std::string& key) {
  auto it = env.find(key);
  return it == env.end() ? std::string() : it->second;
}

// -p, then COMPOSE_PROJECT_NAME, then `name:`, then the project directory's name.
// A name the user chose must already be valid; a directory name is normalised.
std::optional<std::string> project_name(const LoadOptions& options, const ProjectSetup& setup, const Node& tree,
                                        LoadContext& ctx) {
  auto check = [&](const std::string& name, const std::string& origin, const Node* at) -> std::optional<std::string> {
    if (is_valid_project_name(name)) return name;
    std::string message = "invalid project name \"" + name + "\" (from " + origin + "): " + kNameRule;
    if (at) {
      ctx.error(at->mark, "name", std::move(message));
    } else {
      ctx.error_in("", std::move(message));
    }
    return std::nullopt;
  };
  if (!options.project_name.empty()) return check(options.project_name, "--project-name", nullptr);
  if (auto name = env_value(setup.env, "COMPOSE_PROJECT_NAME"); !name.empty())
    return check(name, "COMPOSE_PROJECT_NAME", nullptr);
  if (const Node* name = tree.find("name"); name && name->is_scalar() && !name->poisoned && !name->text.empty())
    return check(name->text, "the name attribute", name);
  std::string dir_name = fs::path(setup.project_dir).filename().string();
  std::string normalized = normalize_project_name(dir_name);
  if (normalized.empty()) {
    ctx.error_in("", "cannot derive a project name from the directory \"" + dir_name +
                         "\": set one with --project-name or the name attribute");
    return std::nullopt;
  }
  return normalized;
}

std::set<std::string> profile_set(const std::vector<std::string>& profiles) {
  return std::set<std::string>(profiles.begin(), profiles.end());
}

// The merged tree as `config --no-interpolate` shows it: disabled services left out.
nlohmann::json document(const Node& tree, const std::string& name, const std::set<std::string>& profiles) {
  nlohmann::json doc = to_json(tree);
  doc["name"] = name;
  if (auto it = doc.find("services"); it != doc.end() && it->is_object()) {
    for (auto s = it->begin(); s != it->end();) {
      bool enabled = true;
      if (s->is_object() && s->contains("profiles") && (*s)["profiles"].is_array() && !profiles.count("*")) {
        enabled = (*s)["profiles"].empty();
        for (const auto& p : (*s)["profiles"])
          if (p.is_string() && profiles.count(p.get<std::string>())) enabled = true;
      }
      s = enabled ? std::next(s) : it->erase(s);
    }
  }
  return doc;
}

void load(const LoadOptions& options, LoadResult& result, LoadContext& ctx) {
  std::string cwd = options.working_dir.empty() ? fs::current_path().string()
                                                : fs::absolute(options.working_dir).lexically_normal().string();
  ctx.home = env_value(options.environment, "HOME");
  ctx.cwd = cwd;
  auto setup = discover(options, cwd, ctx);
  if (!setup) return;
  result.environment = setup->env;
  for (const auto& f : setup->files) result.files.push_back(f.path);

  TreeScope scope{setup->project_dir, &setup->env, options.interpolate, ctx.home, {}};
  auto tree = load_tree(setup->files, scope, ctx);
  result.variables = ctx.variables;
  if (!tree) return;
  auto name = project_name(options, *setup, *tree, ctx);
  if (!name) return;
  std::set<std::string> profiles = profile_set(setup->profiles);
  if (!options.interpolate) {
    result.document = document(*tree, *name, profiles);
    return;
  }

  Converted converted = convert_project(*tree, ConvertOptions{*name, setup->project_dir, profiles}, ctx);
  Project& project = converted.project;
  project.compose_files = result.files;
  apply_defaults(project, converted.marks, ctx);
  for (auto& [_, service] : project.services) resolve_service_environment(service, converted.marks, setup->env, ctx);
  check_consistency(project, converted.marks, ctx);
  if (ctx.error_count() == 0) result.project = std::move(project);
}

}  // namespace

LoadResult load_project(const LoadOptions& options) {
  LoadResult result;
  LoadContext ctx;
  try {
    load(options, result, ctx);
  } catch (const std::exception& e) {
    // Not expected; the loader reports problems as diagnostics. Never let one escape.
    ctx.error_in("", std::string("internal error while loading: ") + e.what());
    result.project.reset();
  }
  result.errors = ctx.take_errors();
  result.warnings = ctx.take_warnings();
  if (!result.errors.empty()) result.project.reset();
  return result;
}

}  // namespace mocker::orchestrator::spec
