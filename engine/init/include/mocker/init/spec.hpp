#pragma once
// What a container is started with, as the runtime hands it to mocker-init (JSON
// through fd 4). The runtime's public types are these.
#include <mocker/sys/result.hpp>

#include <nlohmann/json.hpp>

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::init {

struct Mount {
  std::string type = "bind";  // bind | tmpfs
  std::string source;         // host path (bind); ignored for tmpfs
  std::string destination;    // path inside the container
  std::vector<std::string> options;  // ro, rw, nosuid, nodev, noexec, bind, rbind, size=, mode=
};

struct Rlimit {
  std::string name;  // nofile, nproc, core, ... (RLIMIT_ prefix and case ignored)
  uint64_t soft = 0;
  uint64_t hard = 0;  // UINT64_MAX: unlimited
};

struct Process {
  std::vector<std::string> args;
  std::vector<std::string> env;  // KEY=VALUE
  std::string cwd = "/";
  std::string user;  // uid, uid:gid, name, name:group; empty: root
  bool tty = false;
  bool stdin_open = false;
  std::vector<Rlimit> rlimits;
  std::vector<std::string> cap_add;
  std::vector<std::string> cap_drop;
  bool no_new_privileges = true;
  bool seccomp = true;
};

enum class NetworkMode { new_namespace, host, join };

struct ContainerSpec {
  std::string id;
  std::string rootfs;     // host path
  std::string state_dir;  // host path, owned by the container: exit.json lands here
  std::string log_path;   // host path; empty: output is dropped
  std::string hostname;
  std::string domainname;
  bool read_only_rootfs = false;
  std::vector<Mount> mounts;
  NetworkMode network = NetworkMode::new_namespace;
  std::string netns_path;        // NetworkMode::join
  std::string oom_counter_file;  // memory.oom_control (v1) or memory.events (v2); may be empty
  // Files init writes "0" into to join its cgroups itself, before it says
  // init_started (v1 `tasks`: see cgroup::Cgroup::self_join_files). Empty: the
  // parent places init in hooks.placed.
  std::vector<std::string> cgroup_join_files;
  Process process;
  std::string init_path;  // the mocker-init binary (used by the runtime only)
  // Whether init waits at "wait for placement" for the parent's hook. Set by
  // runtime::start (false without a placed hook); what callers set is ignored.
  bool wait_for_placement = true;
};

// `mocker-init exec`: run `process` in the container whose init is `init_pid`.
struct ExecRequest {
  pid_t init_pid = 0;
  Process process;
  // Files the helper writes "0" into to join the container's cgroups itself:
  // v1 `tasks` (see Cgroup::self_join_files), else `cgroup.procs`.
  std::vector<std::string> cgroup_join_files;
  // With process.tty: the terminal's size when the process starts (0: unset).
  uint16_t rows = 0;
  uint16_t cols = 0;
};

// Strict both ways: an unknown mode is an error, not silently the first one.
inline void to_json(nlohmann::json& j, NetworkMode m) {
  j = m == NetworkMode::host ? "host" : m == NetworkMode::join ? "join" : "new";
}
inline void from_json(const nlohmann::json& j, NetworkMode& m) {
  const std::string& s = j.get_ref<const std::string&>();
  if (s == "new") m = NetworkMode::new_namespace;
  else if (s == "host") m = NetworkMode::host;
  else if (s == "join") m = NetworkMode::join;
  else throw nlohmann::json::other_error::create(501, "unknown network mode \"" + s + "\"", &j);
}
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Mount, type, source, destination, options)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Rlimit, name, soft, hard)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(Process, args, env, cwd, user, tty, stdin_open, rlimits,
                                                cap_add, cap_drop, no_new_privileges, seccomp)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ContainerSpec, id, rootfs, state_dir, log_path, hostname,
                                                domainname, read_only_rootfs, mounts, network, netns_path,
                                                oom_counter_file, cgroup_join_files, process, init_path,
                                                wait_for_placement)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ExecRequest, init_pid, process, cgroup_join_files, rows, cols)

template <class T>
std::string to_json_text(const T& value) {
  return nlohmann::json(value).dump();
}

// Parses what to_json_text wrote; a malformed document is an error, never a throw.
template <class T>
sys::Result<T> from_json_text(std::string_view text, const std::string& what) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return sys::Error::invalid("parse", what, "not valid JSON");
  try {
    return doc.get<T>();
  } catch (const nlohmann::json::exception& e) {
    return sys::Error::invalid("parse", what, e.what());
  }
}

}  // namespace mocker::engine::init
