#include <mocker/reconcile/labels.hpp>

#include <charconv>

#ifndef MOCKER_VERSION
#define MOCKER_VERSION "unknown"
#endif

namespace mocker::orchestrator::reconcile {

namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

Labels project_labels(const ProjectStamp& stamp) {
  return {
      {label::kProject, stamp.project},
      {label::kWorkingDir, stamp.working_dir},
      {label::kConfigFiles, join(stamp.config_files, ",")},
      {label::kVersion, stamp.version.empty() ? MOCKER_VERSION : stamp.version},
  };
}

std::string value_of(const Labels& labels, const char* key) {
  auto it = labels.find(key);
  return it == labels.end() ? std::string() : it->second;
}

}  // namespace

ProjectStamp stamp_of(const spec::Project& project) {
  return {project.name, project.working_dir, project.compose_files, ""};
}

Labels container_labels(const ProjectStamp& stamp, const ContainerIdentity& identity) {
  Labels out = project_labels(stamp);
  out[label::kService] = identity.service;
  out[label::kReplica] = std::to_string(identity.replica);
  out[label::kOneoff] = identity.oneoff ? "true" : "false";
  out[label::kConfigHash] = identity.config_hash;
  out[label::kImage] = identity.image_id;
  if (!identity.network_parent_id.empty()) out[label::kNetworkParent] = identity.network_parent_id;
  return out;
}

Labels network_labels(const ProjectStamp& stamp, const std::string& key) {
  Labels out = project_labels(stamp);
  out[label::kNetwork] = key;
  return out;
}

Labels volume_labels(const ProjectStamp& stamp, const std::string& key) {
  Labels out = project_labels(stamp);
  out[label::kVolume] = key;
  return out;
}

std::string project_filter(const std::string& project) { return std::string(label::kProject) + "=" + project; }

std::optional<int> parse_replica(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

std::optional<ContainerIdentity> read_container_identity(const Labels& labels) {
  ContainerIdentity id;
  id.service = value_of(labels, label::kService);
  if (id.service.empty() || value_of(labels, label::kProject).empty()) return std::nullopt;
  id.oneoff = value_of(labels, label::kOneoff) == "true";
  // One-off containers are numbered apart from the service's replicas; a
  // missing number there is harmless.
  auto replica = parse_replica(value_of(labels, label::kReplica));
  if (!replica && !id.oneoff) return std::nullopt;
  id.replica = replica.value_or(0);
  id.config_hash = value_of(labels, label::kConfigHash);
  id.image_id = value_of(labels, label::kImage);
  id.network_parent_id = value_of(labels, label::kNetworkParent);
  return id;
}

bool belongs_to(const Labels& labels, const std::string& project) {
  return value_of(labels, label::kProject) == project;
}

std::string container_name(const std::string& project, const std::string& service, const spec::Service& config,
                           int replica) {
  if (!config.container_name.empty()) return config.container_name;
  return project + "-" + service + "-" + std::to_string(replica);
}

std::string scoped_name(const std::string& project, const std::string& key) { return project + "_" + key; }

std::string network_name(const std::string& project, const std::string& key, const spec::Network& network) {
  if (!network.name.empty()) return network.name;
  return network.external ? key : scoped_name(project, key);
}

std::string volume_name(const std::string& project, const std::string& key, const spec::Volume& volume) {
  if (!volume.name.empty()) return volume.name;
  return volume.external ? key : scoped_name(project, key);
}

}  // namespace mocker::orchestrator::reconcile
