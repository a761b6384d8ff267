#pragma once
// Containers as the facade sees them: what the user asked for (CreateOptions),
// what was made for it (Resources, recorded before use) and what it is doing
// (State, derived from its init process and the exit record init writes).
#include <mocker/cgroup/limits.hpp>
#include <mocker/runtime/runtime.hpp>
#include <mocker/state/records.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::container {

enum class NetworkKind { none, host };

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
  NetworkKind network = NetworkKind::none;
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

struct State {
  Status status = Status::created;
  pid_t pid = 0;                  // init, while running
  uint64_t pid_start_ticks = 0;   // /proc/PID/stat starttime: tells a reused pid apart
  std::string started_at, finished_at;
  int exit_code = 0;
  int exit_signal = 0;
  bool oom_killed = false;
  bool stopped_by_user = false;   // stop/kill: restart policies must not restart it
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
  NetworkKind network = NetworkKind::none;
  Resources resources;
  State state;
};

nlohmann::json container_to_json(const Container& c);
sys::Result<Container> container_from_json(const nlohmann::json& j);

struct LogOptions {
  bool follow = false;
  std::optional<size_t> tail;  // last N lines
  bool timestamps = false;
  std::string since;           // RFC 3339, or a duration like 10m / 30s
};

}  // namespace mocker::engine::container
