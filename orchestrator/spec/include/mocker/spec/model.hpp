#pragma once
// The typed, normalised compose model. Everything the orchestrator needs to create
// containers is here in convenient units; attributes we parse but cannot honour yet
// are kept verbatim in `unsupported` so they are printed and can be reported.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mocker::orchestrator::spec {

using Duration = std::chrono::nanoseconds;
// Raw values keyed by attribute name: "x-*" extensions, or known attributes we keep
// but do not model ("build", "deploy.placement", "networks.front.mac_address").
using RawAttributes = std::map<std::string, nlohmann::json>;

// Ordered by key; a value of nullopt means "unset: take it from the shell".
using Environment = std::map<std::string, std::optional<std::string>>;
using Labels = std::map<std::string, std::string>;

enum class Protocol { tcp, udp, sctp };

// One published or exposed container port (ranges are expanded to one entry each).
struct PortMapping {
  uint16_t target = 0;
  // Host port range; {0, 0} means an ephemeral port chosen by the engine. A range
  // with start < end lets the engine pick any free port in it.
  uint16_t published_start = 0;
  uint16_t published_end = 0;
  std::string host_ip;            // empty: all addresses
  Protocol protocol = Protocol::tcp;
  std::string mode;               // "host", "ingress" or empty
  std::string name;
  std::string app_protocol;
};

enum class MountType { bind, volume, tmpfs, image, npipe, cluster };

struct BindOptions {
  std::string propagation;        // shared, slave, private, rshared, rslave, rprivate
  bool create_host_path = false;
  std::string selinux;            // "z", "Z" or empty
};

struct VolumeOptions {
  bool nocopy = false;
  std::string subpath;
};

struct TmpfsOptions {
  std::optional<int64_t> size;    // bytes
  std::optional<uint32_t> mode;   // permission bits
};

struct VolumeMount {
  using Bind = BindOptions;
  using Volume = VolumeOptions;
  using Tmpfs = TmpfsOptions;

  MountType type = MountType::volume;
  std::string source;   // bind: absolute host path; volume: key in Project::volumes (empty: anonymous)
  std::string target;   // absolute path in the container
  bool read_only = false;
  std::string consistency;
  std::optional<BindOptions> bind;
  std::optional<VolumeOptions> volume;
  std::optional<TmpfsOptions> tmpfs;
};

struct ServiceNetwork {
  std::vector<std::string> aliases;
  std::string ipv4_address;
  std::string ipv6_address;
  std::optional<int64_t> priority;
};

struct NetworkMode {
  enum class Kind { bridge, host, none, service, container };
  Kind kind = Kind::bridge;
  std::string target;  // service or container name for Kind::service / Kind::container
};

enum class DependencyCondition { service_started, service_healthy, service_completed_successfully };

struct Dependency {
  DependencyCondition condition = DependencyCondition::service_started;
  bool restart = false;   // restart this service when the dependency restarts
  bool required = true;   // false: missing or disabled dependency is ignored
};

struct Healthcheck {
  std::vector<std::string> test;  // {"CMD", ...}, {"CMD-SHELL", "..."} or {"NONE"}
  std::optional<Duration> interval;
  std::optional<Duration> timeout;
  std::optional<Duration> start_period;
  std::optional<Duration> start_interval;
  std::optional<int64_t> retries;
};

struct RestartPolicy {
  enum class Mode { no, always, on_failure, unless_stopped };
  Mode mode = Mode::no;
  std::optional<int64_t> max_retries;  // only with on_failure
};

struct ResourceLimits {
  std::optional<double> cpus;
  std::optional<int64_t> memory;  // bytes
  std::optional<int64_t> pids;
};

struct DeployRestartPolicy {
  std::string condition;  // none, on-failure, any
  std::optional<Duration> delay;
  std::optional<int64_t> max_attempts;
  std::optional<Duration> window;
};

struct Deploy {
  std::string mode;  // replicated, global or empty
  std::optional<int64_t> replicas;
  std::optional<ResourceLimits> limits;
  std::optional<ResourceLimits> reservations;
  std::optional<DeployRestartPolicy> restart_policy;
  Labels labels;
};

struct Ulimit {
  int64_t soft = 0;
  int64_t hard = 0;
};

struct Logging {
  std::string driver;
  std::map<std::string, std::string> options;
};

// A service's use of a top-level secret or config.
struct FileReference {
  std::string source;  // key in Project::secrets / Project::configs
  std::string target;  // absolute path in the container
  std::string uid;
  std::string gid;
  std::optional<uint32_t> mode;
};

struct EnvFile {
  std::string path;  // absolute
  bool required = true;
  std::string format;  // empty or "raw"
};

struct ExtraHost {
  std::string host;
  std::string ip;
};

struct Service {
  std::string name;
  std::optional<std::string> image;
  std::optional<std::vector<std::string>> command;     // set but empty: clear the image's
  std::optional<std::vector<std::string>> entrypoint;
  Environment environment;  // env_file values merged in, `environment` wins
  std::vector<EnvFile> env_file;
  std::vector<PortMapping> ports;
  std::vector<PortMapping> expose;  // only target and protocol are meaningful
  std::vector<VolumeMount> volumes;
  std::vector<std::string> tmpfs;   // "path" or "path:options"
  std::map<std::string, ServiceNetwork> networks;
  std::optional<NetworkMode> network_mode;
  std::map<std::string, Dependency> depends_on;
  std::optional<Healthcheck> healthcheck;
  std::optional<RestartPolicy> restart;
  std::optional<Deploy> deploy;
  std::optional<int64_t> mem_limit;        // bytes
  std::optional<int64_t> mem_reservation;  // bytes
  std::optional<int64_t> memswap_limit;    // bytes, -1 unlimited
  std::optional<int64_t> shm_size;         // bytes
  std::optional<double> cpus;
  std::optional<int64_t> cpu_shares;
  std::optional<int64_t> pids_limit;       // -1 unlimited
  std::string cpuset;
  std::map<std::string, Ulimit> ulimits;
  std::string user;
  std::string working_dir;
  std::string hostname;
  std::string domainname;
  std::vector<ExtraHost> extra_hosts;
  std::vector<std::string> dns;
  std::vector<std::string> dns_search;
  std::vector<std::string> dns_opt;
  std::optional<bool> init;
  std::string stop_signal;
  std::optional<Duration> stop_grace_period;
  bool read_only = false;
  bool privileged = false;
  bool tty = false;
  bool stdin_open = false;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  std::vector<std::string> security_opt;
  std::map<std::string, std::string> sysctls;
  Labels labels;
  std::optional<Logging> logging;
  std::optional<int64_t> scale;
  std::string container_name;
  std::vector<std::string> links;          // "service" or "service:alias"
  std::vector<std::string> volumes_from;   // "service[:ro|rw]" or "container:name[:ro|rw]"
  std::vector<FileReference> secrets;
  std::vector<FileReference> configs;
  std::vector<std::string> profiles;
  std::string pull_policy;
  RawAttributes unsupported;  // known attributes not modelled yet, by dotted path
  RawAttributes extensions;   // x-* keys of the service
};

struct IpamPool {
  std::string subnet;
  std::string ip_range;
  std::string gateway;
  std::map<std::string, std::string> aux_addresses;
};

struct Network {
  std::string name;  // engine-level name: explicit, or "<project>_<key>"
  std::string driver;
  std::map<std::string, std::string> driver_opts;
  bool external = false;
  bool internal = false;
  bool attachable = false;
  std::optional<bool> enable_ipv4;
  std::optional<bool> enable_ipv6;
  std::string ipam_driver;
  std::vector<IpamPool> ipam_config;
  std::map<std::string, std::string> ipam_options;
  Labels labels;
  RawAttributes unsupported;
  RawAttributes extensions;
};

struct Volume {
  std::string name;  // engine-level name: explicit, or "<project>_<key>"
  std::string driver;
  std::map<std::string, std::string> driver_opts;
  bool external = false;
  Labels labels;
  RawAttributes extensions;
};

// Top-level secret or config: where its content comes from.
struct FileObject {
  std::string name;
  std::string file;         // absolute path
  std::string environment;  // variable name
  std::optional<std::string> content;  // configs only
  bool external = false;
  Labels labels;
  RawAttributes unsupported;
  RawAttributes extensions;
};
using Secret = FileObject;
using Config = FileObject;

struct Project {
  std::string name;
  std::string working_dir;                 // the project directory
  std::vector<std::string> compose_files;  // as loaded, "-" for stdin
  std::map<std::string, Service> services;           // enabled by the active profiles
  std::map<std::string, Service> disabled_services;  // excluded by profiles
  std::map<std::string, Network> networks;
  std::map<std::string, Volume> volumes;
  std::map<std::string, Secret> secrets;
  std::map<std::string, Config> configs;
  RawAttributes unsupported;  // e.g. top-level "models"
  RawAttributes extensions;
};

const char* to_string(Protocol p);
const char* to_string(MountType t);
const char* to_string(DependencyCondition c);

}  // namespace mocker::orchestrator::spec
