#pragma once
// Canonical serialisation of the model (stable key order; valid input for -f again)
// and the per-service configuration hash.
#include <mocker/spec/model.hpp>

#include <nlohmann/json.hpp>

#include <string>

namespace mocker::orchestrator::spec {

// The model as a JSON document with the compose file's attribute names. Values are
// the loaded (interpolated) values.
nlohmann::json to_json(const Project& project);
nlohmann::json to_json(const Service& service);

struct TextOptions {
  // Write '$' as "$$" in string values so that loading the output again with
  // interpolation yields the same values.
  bool escape_dollars = true;
};

std::string to_yaml_text(const nlohmann::json& document, const TextOptions& options = {});
std::string to_json_text(const nlohmann::json& document, const TextOptions& options = {});

// sha256 (hex) of the canonical JSON of the service without the attributes that do
// not change the container: scale, deploy.replicas, depends_on, profiles, build,
// pull_policy. See docs/compose-file.md.
std::string config_hash(const Service& service);

}  // namespace mocker::orchestrator::spec
