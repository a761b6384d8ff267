#pragma once
// Which compose files, which project directory, which variables: -f, COMPOSE_FILE,
// default file names searched upwards, --project-directory, --env-file / .env, and
// the shell environment over the env files.
#include "context.hpp"
#include "documents.hpp"

#include <mocker/spec/load.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mocker::orchestrator::spec::detail {

struct ProjectSetup {
  std::vector<FileInput> files;
  std::string project_dir;
  EnvMap env;  // interpolation variables: env files overlaid by the shell
  std::vector<std::string> profiles;
};

// nullopt when no compose file can be found (the error is in ctx).
std::optional<ProjectSetup> discover(const LoadOptions& options, const std::string& cwd, LoadContext& ctx);

// The first of compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml in
// dir or the nearest parent that has one, plus its matching override file.
std::vector<std::string> find_default_files(const std::string& dir, LoadContext& ctx);

}  // namespace mocker::orchestrator::spec::detail
