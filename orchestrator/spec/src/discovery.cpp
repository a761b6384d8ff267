#include "discovery.hpp"

#include "environment.hpp"
#include "short_syntax.hpp"

#include <filesystem>

namespace mocker::orchestrator::spec::detail {

namespace {

namespace fs = std::filesystem;

bool is_file(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}

std::string parent_dir(const std::string& file) { return fs::path(file).parent_path().string(); }

std::vector<std::string> split_list(const std::string& text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.erase(0, 1);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

std::string lookup(const EnvMap& env, const std::string& key) {
  auto it = env.find(key);
  return it == env.end() ? std::string() : it->second;
}

EnvMap project_env(const LoadOptions& options, const std::string& cwd, const std::string& dir, LoadContext& ctx) {
  const EnvMap& shell = options.environment;
  std::vector<std::string> paths;
  for (const auto& f : options.env_files) paths.push_back(resolve_path(f, cwd, lookup(shell, "HOME")));
  if (options.env_files.empty() && is_file(dir + "/.env")) paths.push_back(dir + "/.env");
  return overlay(read_env_files(paths, shell, ctx), shell);
}

}  // namespace

std::vector<std::string> find_default_files(const std::string& dir, LoadContext& ctx) {
  static const char* names[] = {"compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"};
  fs::path d(dir);
  for (int depth = 0; depth < 256; ++depth) {
    std::vector<std::string> found;
    for (const char* n : names)
      if (is_file((d / n).string())) found.push_back((d / n).string());
    if (!found.empty()) {
      if (found.size() > 1)
        ctx.warn("found multiple config files with supported names: " + found[0] + ", " + found[1] + "; using " +
                 found[0]);
      fs::path main(found[0]);
      std::string stem = main.stem().string();
      std::vector<std::string> out{found[0]};
      for (const char* ext : {".yaml", ".yml"}) {
        std::string override_file = (d / (stem + ".override" + ext)).string();
        if (is_file(override_file)) {
          out.push_back(override_file);
          break;
        }
      }
      return out;
    }
    if (!d.has_parent_path() || d.parent_path() == d) break;
    d = d.parent_path();
  }
  return {};
}

std::optional<ProjectSetup> discover(const LoadOptions& options, const std::string& cwd, LoadContext& ctx) {
  const std::string home = lookup(options.environment, "HOME");
  ProjectSetup setup;
  std::string explicit_dir =
      options.project_directory.empty() ? std::string() : resolve_path(options.project_directory, cwd, home);

  std::vector<std::string> paths;
  for (const auto& f : options.files) paths.push_back(f == "-" ? f : resolve_path(f, cwd, home));

  // Variables decide COMPOSE_FILE, so they are read from where the project seems to be.
  std::string env_dir = !explicit_dir.empty()                       ? explicit_dir
                        : (!paths.empty() && paths[0] != "-")       ? parent_dir(paths[0])
                                                                    : cwd;
  EnvMap env = project_env(options, cwd, env_dir, ctx);

  if (paths.empty()) {
    if (std::string list = lookup(env, "COMPOSE_FILE"); !list.empty()) {
      std::string sep = lookup(env, "COMPOSE_PATH_SEPARATOR");
      for (const auto& f : split_list(list, sep.empty() ? ':' : sep[0])) paths.push_back(resolve_path(f, env_dir, home));
    } else {
      paths = find_default_files(explicit_dir.empty() ? cwd : explicit_dir, ctx);
      if (paths.empty()) {
        ctx.error_in("", "no configuration file provided: not found (looked for compose.yaml, compose.yml, "
                         "docker-compose.yml and docker-compose.yaml in " +
                             (explicit_dir.empty() ? cwd : explicit_dir) + " and its parents)");
        return std::nullopt;
      }
    }
  }

  setup.project_dir = !explicit_dir.empty() ? explicit_dir : (paths[0] == "-" ? cwd : parent_dir(paths[0]));
  // A file found in a parent directory makes that the project: its .env applies.
  if (setup.project_dir != env_dir && options.env_files.empty()) env = project_env(options, cwd, setup.project_dir, ctx);
  setup.env = std::move(env);

  bool stdin_used = false;
  for (const auto& p : paths) {
    if (p == "-") {
      if (stdin_used) {
        ctx.error_in("-", "standard input can be read only once");
        return std::nullopt;
      }
      stdin_used = true;
      setup.files.push_back(FileInput{"-", "-", options.stdin_content ? *options.stdin_content : std::string()});
    } else {
      setup.files.push_back(FileInput{p, ctx.display(p), std::nullopt});
    }
  }

  setup.profiles = options.profiles;
  if (setup.profiles.empty()) setup.profiles = split_list(lookup(setup.env, "COMPOSE_PROFILES"), ',');
  return setup;
}

}  // namespace mocker::orchestrator::spec::detail
