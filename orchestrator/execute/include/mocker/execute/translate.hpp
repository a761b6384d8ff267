#pragma once
// A compose service as the engine's create request. Everything the engine
// cannot honour yet is returned as a warning ("unsupported") rather than
// dropped silently; what would make the container wrong is an error.
#include <mocker/container/container.hpp>
#include <mocker/spec/model.hpp>
#include <mocker/sys/result.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mocker::orchestrator::execute {

// What the executor has made or found for the project, by compose key.
struct Resolved {
  std::map<std::string, std::string> network_names;  // network key -> engine network name
  // Volume key -> host path of the volume; anonymous volumes ask by "anon:<target>".
  std::function<engine::sys::Result<std::string>(const std::string& key)> volume_path;
  std::string network_parent_id;  // network_mode: service:X -> X's container id
  std::map<std::string, std::string> process_environment;  // for `environment: [KEY]` without a value
};

struct Translation {
  engine::container::CreateOptions options;
  std::vector<std::string> create_host_paths;  // bind sources to make first (short syntax)
  std::vector<std::string> warnings;
};

engine::sys::Result<Translation> translate(const spec::Project& project, const spec::Service& service,
                                           const std::string& container_name,
                                           const std::map<std::string, std::string>& our_labels,
                                           const Resolved& resolved);

// Attributes of a service that `up` cannot honour yet, as "services.web.build".
std::vector<std::string> unsupported_attributes(const spec::Service& service);

}  // namespace mocker::orchestrator::execute
