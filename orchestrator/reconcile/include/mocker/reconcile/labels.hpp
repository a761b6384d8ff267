#pragma once
// The labels every object of a compose project carries, and the names it gets.
// Labels are how `up` finds what it made before (there is no other record of a
// project), so they are written once here and read back only through here.
#include <mocker/spec/model.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mocker::orchestrator::reconcile {

using Labels = std::map<std::string, std::string>;

namespace label {
inline constexpr const char* kProject = "io.mocker.compose.project";
inline constexpr const char* kService = "io.mocker.compose.service";
inline constexpr const char* kReplica = "io.mocker.compose.replica";  // container number, from 1
inline constexpr const char* kOneoff = "io.mocker.compose.oneoff";    // "true" for `run` containers
inline constexpr const char* kConfigHash = "io.mocker.compose.config-hash";
inline constexpr const char* kImage = "io.mocker.compose.image";      // image id the container was made from
inline constexpr const char* kWorkingDir = "io.mocker.compose.project.working-dir";
inline constexpr const char* kConfigFiles = "io.mocker.compose.project.config-files";  // comma-separated
inline constexpr const char* kVersion = "io.mocker.compose.version";  // mocker-compose that made it
// Id of the container whose network namespace this one joined (network_mode: service:X).
inline constexpr const char* kNetworkParent = "io.mocker.compose.network-parent";
inline constexpr const char* kNetwork = "io.mocker.compose.network";  // key in the compose file
inline constexpr const char* kVolume = "io.mocker.compose.volume";    // key in the compose file
}  // namespace label

// What every object of one project is stamped with.
struct ProjectStamp {
  std::string project;
  std::string working_dir;
  std::vector<std::string> config_files;
  std::string version;  // empty: this build's version
};
ProjectStamp stamp_of(const spec::Project& project);

// Which container of the project a container is.
struct ContainerIdentity {
  std::string service;
  int replica = 1;
  bool oneoff = false;
  std::string config_hash;
  std::string image_id;
  std::string network_parent_id;  // empty unless network_mode: service:X
};

// Our labels only; the executor lays them over the service's own labels so a
// user label can never impersonate ours.
Labels container_labels(const ProjectStamp& stamp, const ContainerIdentity& identity);
Labels network_labels(const ProjectStamp& stamp, const std::string& key);
Labels volume_labels(const ProjectStamp& stamp, const std::string& key);

// "io.mocker.compose.project=NAME": the engine's list filter for a project.
std::string project_filter(const std::string& project);

// Nullopt when the labels do not name a project and service (not a compose
// container) or the replica number is malformed.
std::optional<ContainerIdentity> read_container_identity(const Labels& labels);
std::optional<int> parse_replica(const std::string& text);
bool belongs_to(const Labels& labels, const std::string& project);

// `container_name` if set, else "<project>-<service>-<replica>" (compose v2 style).
std::string container_name(const std::string& project, const std::string& service, const spec::Service& config,
                           int replica);
// Networks and volumes: "<project>_<key>" unless named explicitly or external.
std::string scoped_name(const std::string& project, const std::string& key);
std::string network_name(const std::string& project, const std::string& key, const spec::Network& network);
std::string volume_name(const std::string& project, const std::string& key, const spec::Volume& volume);

}  // namespace mocker::orchestrator::reconcile
