#pragma once
// The merged document tree to the typed model.
#include "context.hpp"
#include "reader.hpp"
#include "tree.hpp"

#include <mocker/spec/model.hpp>

#include <map>
#include <unordered_map>
#include <set>
#include <string>

namespace mocker::orchestrator::spec::detail {

struct ConvertOptions {
  std::string project_name;
  std::string project_dir;
  std::set<std::string> profiles;  // enabled; "*" enables all
};

struct Converted {
  Project project;
  std::unordered_map<std::string, Mark> marks;  // positions for the consistency checks
};

Converted convert_project(const Node& root, const ConvertOptions& options, LoadContext& ctx);

Service convert_service(Reader& r, const Node& node, const std::string& name);
bool service_enabled(const Service& service, const std::set<std::string>& profiles);

// Parts of a service, in convert_parts.cpp.
void read_ports(Reader& r, const Node& n, const std::string& path, std::vector<PortMapping>& out);
void read_expose(Reader& r, const Node& n, const std::string& path, std::vector<PortMapping>& out);
void read_volumes(Reader& r, const Node& n, const std::string& path, std::vector<VolumeMount>& out);
void read_service_networks(Reader& r, const Node& n, const std::string& path, Service& out);
void read_depends_on(Reader& r, const Node& n, const std::string& path, std::map<std::string, Dependency>& out);
std::optional<Healthcheck> read_healthcheck(Reader& r, const Node& n, const std::string& path);
std::optional<Deploy> read_deploy(Reader& r, const Node& n, const std::string& path, RawAttributes& unsupported);
void read_ulimits(Reader& r, const Node& n, const std::string& path, std::map<std::string, Ulimit>& out);
std::optional<Logging> read_logging(Reader& r, const Node& n, const std::string& path);
void read_file_references(Reader& r, const Node& n, const std::string& path, bool secrets,
                          std::vector<FileReference>& out);
std::optional<RestartPolicy> read_restart(Reader& r, const Node& n, const std::string& path);
std::optional<NetworkMode> read_network_mode(Reader& r, const Node& n, const std::string& path);
std::optional<std::vector<std::string>> read_command(Reader& r, const Node& n, const std::string& path);
Environment read_environment(Reader& r, const Node& n, const std::string& path);
std::vector<EnvFile> read_env_file(Reader& r, const Node& n, const std::string& path);
std::vector<ExtraHost> read_extra_hosts(Reader& r, const Node& n, const std::string& path);

}  // namespace mocker::orchestrator::spec::detail
