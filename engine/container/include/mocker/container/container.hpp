#pragma once
// Containers as the facade sees them: what the user asked for (CreateOptions),
// what was made for it (Resources, recorded before use) and what it is doing
// (State, derived from its init process and the exit record init writes).
#include <mocker/cgroup/limits.hpp>
#include <mocker/network/endpoint.hpp>
#include <mocker/network/ports.hpp>
#include <mocker/runtime/runtime.hpp>
#include <mocker/state/records.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::container {

// none: loopback only; host: the host's namespace; bridge: our bridge networks;
// container: another container's namespace (Docker's container:ID).
enum class NetworkKind { none, host, bridge, container };
std::string network_kind_name(NetworkKind k);

// One network a container joins (--network NAME, network connect).
struct NetworkRequest {
  std::string network;  // name or id as given; the record keeps the network's id
  std::string name;     // the record: the network's name, for messages
  std::vector<std::string> aliases;
  std::string ip;   // empty: the next free address
  std::string mac;  // empty: derived from the address
};

// How a container is networked: the same shape in what the user asks for and
// in the record. Endpoints and published ports exist only while it runs
// (Docker's rule): they are made at start and released when it stops.
struct NetworkSettings {
  NetworkKind kind = NetworkKind::none;
  std::vector<NetworkRequest> networks;  // bridge: in order, the first has the default route; empty: "bridge"
  std::string container;                 // container: whose namespace is shared (the record: its id)
  std::vector<std::string> publish;      // -p specs: [IP:][HOST:]CONTAINER[/tcp|udp]
  std::vector<std::string> extra_hosts;  // NAME:IP (IP may be host-gateway), added to /etc/hosts
  std::vector<std::string> dns;          // nameservers; empty: the network's DNS server
};

// Where a running container is on its networks, derived from the network
// records; empty when it is not running.
struct NetworkView {
  std::vector<network::Endpoint> endpoints;
  std::vector<network::PortMapping> ports;  // host ports as chosen
  std::string parent;                        // container mode: the sharer's parent, by name
  bool parent_running = false;
};

struct CreateOptions {
  std::string image;
  std::string name;  // empty: a generated name
  std::optional<std::vector<std::string>> entrypoint;  // set (even empty) replaces the image's, and its Cmd
  std::vector<std::string> cmd;                        // empty: the image's Cmd
  std::vector<std::string> env;                        // KEY=VALUE, after the image's
  std::string workdir;
  std::string user;
  std::string hostname;
  std::string domainname;
  std::vector<runtime::Mount> mounts;
  bool read_only = false;
  cgroup::Limits limits;
  std::vector<runtime::Rlimit> ulimits;
  std::vector<std::string> cap_add, cap_drop;
  std::string stop_signal;  // empty: the image's, else SIGTERM
  int stop_timeout = 10;    // seconds
  state::Labels labels;
  bool tty = false;
  bool stdin_open = false;
  bool auto_remove = false;
  NetworkSettings network;
};

// Everything created for a container; recorded before each is made, so rm and
// recovery remove exactly these.
struct Resources {
  std::string dir;     // store/containers/<id>: state dir (log, exit record, etc files)
  std::string rootfs;  // writable snapshot of the image
  std::string cgroup;  // path below the hierarchy roots, e.g. mocker/<id>
};

enum class Status { created, running, exited };
std::string status_name(Status s);
struct State;
// As docker shows it: "paused" for a running container that is frozen.
std::string status_name(const State& s);

struct State {
  Status status = Status::created;
  pid_t pid = 0;                  // init, while running
  uint64_t pid_start_ticks = 0;   // /proc/PID/stat starttime: tells a reused pid apart
  std::string started_at, finished_at;
  int exit_code = 0;
  int exit_signal = 0;
  bool oom_killed = false;
  uint64_t oom_kills_at_start = 0;  // the cgroup's OOM kill count when this run began
  bool stopped_by_user = false;   // stop/kill: restart policies must not restart it
  bool paused = false;            // running, with its cgroup frozen (pause)
  std::string error;              // why the last start failed
};

struct Container {
  std::string id;    // 64 hex digits
  std::string name;
  std::string image;     // as the user named it
  std::string image_id;
  std::string created;
  state::Labels labels;
  runtime::ContainerSpec spec;  // what init is started with
  cgroup::Limits limits;
  std::string stop_signal;
  int stop_timeout = 10;
  bool auto_remove = false;
  NetworkSettings network;
  Resources resources;
  State state;
};

// "PATH[:OPTIONS]" as `--tmpfs` and compose's `tmpfs:` write it: a nosuid,
// nodev tmpfs at PATH with the comma-separated OPTIONS (size=64m, mode=1777...).
runtime::Mount tmpfs_mount(const std::string& spec);

nlohmann::json container_to_json(const Container& c);
sys::Result<Container> container_from_json(const nlohmann::json& j);
// inspect's "network_settings" and network inspect's endpoints.
nlohmann::json network_view_to_json(const NetworkView& v);
nlohmann::json endpoint_to_json(const network::Endpoint& e);
// Docker's rendering: "127.0.0.1:18080->80/tcp".
std::string port_text(const network::PortMapping& m);

struct LogOptions {
  bool follow = false;
  std::optional<size_t> tail;  // last N lines
  bool timestamps = false;
  std::string since;           // RFC 3339, or a duration like 10m / 30s
  // With follow: asked once the run being followed has ended and its output
  // is read; true once the container runs again (reading goes on in the same
  // file, where it stopped: no line lost or repeated), false to stop.
  std::function<bool()> next_run;
};

}  // namespace mocker::engine::container
