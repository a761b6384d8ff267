#pragma once
// The CLI's side of the control socket: one JSON request line, one JSON reply
// line ({"ok":true,...} or {"ok":false,"error":"..."}).
//   {"op":"status"}                 -> {"containers":{ID:{...status...}}}
//   {"op":"rescan"}                 the project's containers changed: look again
//   {"op":"hold","ids":[...]}       no restarts for these (all when empty) until they start again
//   {"op":"wait_healthy","id":ID}   replies once ID is healthy, or why it will not be
//   {"op":"shutdown"}               stop supervising; containers keep running
#include <mocker/supervisor/paths.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace mocker::orchestrator::supervisor {

// 10 s, or $MOCKER_SUPERVISOR_TIMEOUT seconds.
std::chrono::milliseconds default_call_timeout();

struct CallOptions {
  // Checked every 100 ms while waiting for the reply (e.g. set by a Ctrl-C
  // handler): the call then fails as interrupted.
  const std::atomic<bool>* cancel = nullptr;
  // How long the supervisor may take to answer: default_call_timeout(), or
  // none for a request that waits for something (wait_healthy).
  std::optional<std::chrono::milliseconds> timeout = default_call_timeout();
};

// The reply; nullopt when no supervisor is alive (nobody listens, or what
// listens is not a live supervisor: the project's lock is free, as when a
// dead one's socket is held open by another process). An error when it
// refused the request ("ok": false), the connection broke, the call was
// cancelled, or it did not answer in time (naming the project, the socket
// and the supervisor's pid, and what to do).
engine::sys::Result<std::optional<nlohmann::json>> call(const ProjectPaths& paths, const nlohmann::json& request,
                                                        const CallOptions& options = {});

// True when a supervisor holds the project's lock.
bool supervisor_alive(const ProjectPaths& paths);

// Starts a detached supervisor (its own session, stdin on /dev/null, stdout
// and stderr to the project's supervisor.log, the ready pipe on fd 3 and no
// other descriptor) by running `argv` (argv[0]: an absolute path), unless one
// is alive; returns once it (or the one that won a race) listens.
engine::sys::Status spawn_detached(const ProjectPaths& paths, const std::vector<std::string>& argv);

// The supervisor's view of each container (what `status` returns), from the
// live supervisor or else from the state file it left: {ID: {...}}.
nlohmann::json container_status(const ProjectPaths& paths);
// The same from a live supervisor only; nullopt when none answers.
std::optional<nlohmann::json> live_container_status(const ProjectPaths& paths);

// The environment variable through which spawn_detached tells the child which
// descriptor to write to once it listens (always 3).
inline constexpr const char* kReadyFdVariable = "MOCKER_SUPERVISOR_READY_FD";

}  // namespace mocker::orchestrator::supervisor
