#pragma once
// Loading a compose project: file discovery, .env, interpolation, merge, extends,
// include, profiles, typed model and validation. Never throws; returns every
// problem it found.
#include <mocker/spec/diagnostic.hpp>
#include <mocker/spec/interpolate.hpp>
#include <mocker/spec/model.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mocker::orchestrator::spec {

struct LoadOptions {
  // -f; "-" reads `stdin_content`. Empty: COMPOSE_FILE, else discovery from working_dir.
  std::vector<std::string> files;
  std::optional<std::string> stdin_content;
  std::string project_directory;  // --project-directory; empty: the first file's directory
  std::string project_name;       // -p; empty: COMPOSE_PROJECT_NAME, name:, directory
  std::vector<std::string> profiles;   // --profile; empty: COMPOSE_PROFILES
  std::vector<std::string> env_files;  // --env-file; empty: <project dir>/.env if present
  std::map<std::string, std::string> environment;  // the shell environment
  std::string working_dir;  // where relative -f paths start; empty: current directory
  bool interpolate = true;  // false: --no-interpolate (no typed model, see LoadResult)
};

struct LoadResult {
  // Set when there were no errors (and interpolation was on).
  std::optional<Project> project;
  Diagnostics errors;
  std::vector<std::string> warnings;
  // Variables used for interpolation: env files overlaid by the shell environment.
  std::map<std::string, std::string> environment;
  // Every variable referenced by the files, by name.
  std::map<std::string, VariableRef> variables;
  // Only when interpolation is off: the merged document before typing (extends and
  // include applied, disabled services removed), what `config --no-interpolate` prints.
  nlohmann::json document;
  std::vector<std::string> files;  // the compose files that were read

  bool ok() const { return errors.empty(); }
};

LoadResult load_project(const LoadOptions& options);

}  // namespace mocker::orchestrator::spec
