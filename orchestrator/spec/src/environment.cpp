#include "environment.hpp"

#include "documents.hpp"

#include <mocker/spec/dotenv.hpp>

#include <filesystem>

namespace mocker::orchestrator::spec::detail {

namespace {

Lookup chain_lookup(const EnvMap& first, const EnvMap& second) {
  return [&first, &second](const std::string& name) -> std::optional<std::string> {
    if (auto it = first.find(name); it != first.end()) return it->second;
    if (auto it = second.find(name); it != second.end()) return it->second;
    return std::nullopt;
  };
}

}  // namespace

EnvMap read_env_files(const std::vector<std::string>& paths, const EnvMap& shell, LoadContext& ctx, const Mark* at,
                      const std::string& at_path) {
  EnvMap out;
  for (const auto& path : paths) {
    auto text = read_text_file(path, ctx, at, at_path);
    if (!text) continue;
    Diagnostics errors;
    EnvList vars = parse_dotenv(*text, ctx.display(path), chain_lookup(shell, out), errors);
    for (auto& d : errors) ctx.add(std::move(d));
    for (auto& [k, v] : vars) out[k] = v;
  }
  return out;
}

EnvMap overlay(EnvMap base, const EnvMap& top) {
  for (const auto& [k, v] : top) base[k] = v;
  return base;
}

void resolve_service_environment(Service& service, const std::unordered_map<std::string, Mark>& marks, const EnvMap& env,
                                 LoadContext& ctx) {
  Environment merged;
  for (size_t i = 0; i < service.env_file.size(); ++i) {
    const EnvFile& f = service.env_file[i];
    std::string path = "services." + service.name + ".env_file[" + std::to_string(i) + "]";
    std::error_code ec;
    if (!std::filesystem::exists(f.path, ec)) {
      if (!f.required) continue;
      auto it = marks.find(path);
      if (it != marks.end()) {
        ctx.error(it->second, path, "env file " + ctx.display(f.path) + " not found");
      } else {
        ctx.error_in(ctx.display(f.path), "env file not found");
      }
      continue;
    }
    const Mark* at = nullptr;
    if (auto it = marks.find(path); it != marks.end()) at = &it->second;
    auto text = read_text_file(f.path, ctx, at, path);
    if (!text) continue;
    EnvList vars;
    if (f.format == "raw") {
      vars = parse_dotenv_raw(*text);
    } else {
      Diagnostics errors;
      EnvMap none;
      vars = parse_dotenv(*text, ctx.display(f.path), chain_lookup(env, none), errors);
      for (auto& d : errors) ctx.add(std::move(d));
    }
    for (auto& [k, v] : vars) merged[k] = v;
  }
  for (auto& [k, v] : service.environment) {
    if (v) {
      merged[k] = v;
    } else if (auto it = env.find(k); it != env.end()) {
      merged[k] = it->second;
    } else if (!merged.count(k)) {
      merged[k] = std::nullopt;
    }
  }
  service.environment = std::move(merged);
}

}  // namespace mocker::orchestrator::spec::detail
