#pragma once
#include <unordered_map>
// Variables from .env files, and the environment each service's containers get.
#include "context.hpp"

#include <mocker/spec/model.hpp>

#include <string>
#include <vector>

namespace mocker::orchestrator::spec::detail {

// Reads .env files in order; later files override earlier ones. References inside
// values resolve against `shell` first, then the entries read so far.
EnvMap read_env_files(const std::vector<std::string>& paths, const EnvMap& shell, LoadContext& ctx,
                      const Mark* at = nullptr, const std::string& at_path = {});

// Values in `top` win.
EnvMap overlay(EnvMap base, const EnvMap& top);

// Merges env_file contents under `environment` and fills keys without a value from
// `env` (the project's interpolation environment), as compose does. `marks` gives
// the position of each env_file entry ("services.web.env_file[0]").
void resolve_service_environment(Service& service, const std::unordered_map<std::string, Mark>& marks, const EnvMap& env,
                                 LoadContext& ctx);

}  // namespace mocker::orchestrator::spec::detail
