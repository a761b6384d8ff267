#pragma once
// The project's supervisor as the commands see it: started when needed (and
// so adopting containers a dead one left), told when the project changed,
// asked for health and restart state.
#include "session.hpp"

#include <mocker/supervisor/control.hpp>
#include <mocker/supervisor/paths.hpp>

#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace mocker::cli::compose {

orchestrator::supervisor::ProjectPaths supervisor_paths(const Session& s);

// When the project has something to watch (a running container, or an exit
// its policy may restart) and no supervisor is alive, starts one detached.
// A live one is told to look again. Problems are warnings: the command goes on.
void ensure_supervisor(Session& s);

// Starts one detached unless one is alive, whether or not anything runs yet
// (up -d, before it starts containers).
void start_supervisor(Session& s);

// Tells a live supervisor, if any, to look again (after up, start, rm...).
void notify_supervisor(Session& s);
// No restarts for these containers (all when empty) until they start again:
// stop, kill and down call this first, so a pending restart cannot undo them.
void hold_restarts(Session& s, const std::vector<std::string>& ids = {});

// down: stops the supervisor and removes the project's run directory (its
// state, journal and log), once no container of the project is left.
engine::sys::Status retire_supervisor(Session& s);

// execute's wait_healthy: asks the supervisor, which runs the probes; gives
// up once `cancel` is set (Ctrl-C).
engine::sys::Status wait_healthy(Session& s, const engine::container::Container& c,
                                 const std::atomic<bool>* cancel = nullptr);

// Readings of the supervisor's status ({ID: {...}}, see
// supervisor::container_status) about one container:
// a restart is scheduled;
bool restart_pending(const nlohmann::json& status, const engine::container::Container& c);
// it exited with a policy that may restart it, and the supervisor has not
// decided about this exit (not learnt of it yet, or died first);
bool exit_undecided(const nlohmann::json& status, const engine::container::Container& c);
// the supervisor watches a run of it (it may know of a start the record
// read before did not show).
bool watched_run(const nlohmann::json& status, const engine::container::Container& c);

// The supervisor of a foreground `up`, in a thread of this process; stopped
// (containers keep running) when it goes out of scope. When another
// supervisor is alive, this one does nothing and that one is told to look again.
class InProcessSupervisor {
 public:
  explicit InProcessSupervisor(Session& s);
  ~InProcessSupervisor();
  InProcessSupervisor(const InProcessSupervisor&) = delete;
  InProcessSupervisor& operator=(const InProcessSupervisor&) = delete;

 private:
  orchestrator::supervisor::ProjectPaths paths_;
  std::thread thread_;
  bool ours_ = false;
};

}  // namespace mocker::cli::compose
