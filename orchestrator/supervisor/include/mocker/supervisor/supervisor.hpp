#pragma once
// One supervisor per running project: a single-threaded Boost.Asio loop that
// learns of every container exit through a pidfd (no polling), restarts what
// the policy says after the delay it says, runs healthchecks inside the
// containers, answers the CLI on a control socket and writes the event
// journal. It keeps what it knows in a state file, so a new supervisor adopts
// the containers of one that died, counts and health included.
#include <mocker/container/engine.hpp>
#include <mocker/supervisor/paths.hpp>

#include <chrono>
#include <functional>
#include <string>

namespace mocker::orchestrator::supervisor {

struct SupervisorOptions {
  engine::EngineOptions engine;
  std::string project;
  // How long to stay once nothing runs and no restart is pending (so a
  // command that spawned it can still talk to it).
  std::chrono::milliseconds linger{3000};
  bool handle_signals = true;          // SIGTERM/SIGINT/SIGHUP end it (detached mode)
  // Called once the control socket accepts (ours: true), or at once when
  // another supervisor holds the lock (ours: false).
  std::function<void(bool ours)> on_listening;
};

// Runs in the calling thread until the supervisor has nothing left to watch,
// is told to shut down, or (with handle_signals) gets a signal. Returns at
// once, successfully, when another supervisor holds the project's lock
// (on_listening(false) is called then: that one listens).
engine::sys::Status run_supervisor(const SupervisorOptions& options);

// The whole life of a supervisor that spawn_detached started for `project`:
// run_supervisor, telling the starter through the descriptor it passed (see
// kReadyFdVariable) once the control socket accepts.
engine::sys::Status run_spawned_supervisor(const std::string& project);

}  // namespace mocker::orchestrator::supervisor
