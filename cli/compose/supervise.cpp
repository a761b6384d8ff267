#include "supervise.hpp"

#include <mocker/supervisor/labels.hpp>
#include <mocker/supervisor/supervisor.hpp>
#include <mocker/sys/process.hpp>

#include <chrono>
#include <filesystem>
#include <future>
#include <iostream>
#include <unistd.h>

namespace mocker::cli::compose {

namespace supervisor = orchestrator::supervisor;
using engine::container::Status;

supervisor::ProjectPaths supervisor_paths(const Session& s) {
  return supervisor::project_paths(s.engine->store().root(), s.project.name);
}

namespace {

// Running, or exited with a restart pending or not yet decided (the
// supervisor died first, or never saw it): a supervisor has something to do.
bool needs_watching(const engine::container::Container& c, const nlohmann::json& known) {
  return c.state.status == Status::running || restart_pending(known, c) || exit_undecided(known, c);
}

const nlohmann::json* status_of(const nlohmann::json& status, const engine::container::Container& c) {
  auto it = status.find(c.id);
  return it == status.end() ? nullptr : &*it;
}

void warn(const std::string& what, const engine::sys::Error& e) {
  std::cerr << "WARN supervisor: " << what << ": " << e.render() << '\n';
}

}  // namespace

bool restart_pending(const nlohmann::json& status, const engine::container::Container& c) {
  const auto* known = status_of(status, c);
  return known && known->contains("restart_due_ms");
}

bool exit_undecided(const nlohmann::json& status, const engine::container::Container& c) {
  if (c.state.status != Status::exited || c.state.stopped_by_user) return false;
  if (supervisor::policy_from_labels(c.labels).restart.when == supervisor::RestartRule::When::never) return false;
  const auto* known = status_of(status, c);
  return !known || known->value("handled_exit", "") != c.state.finished_at;
}

bool watched_run(const nlohmann::json& status, const engine::container::Container& c) {
  const auto* known = status_of(status, c);
  return known && !known->value("run", "").empty();
}

void notify_supervisor(Session& s) {
  if (auto r = supervisor::call(supervisor_paths(s), {{"op", "rescan"}}); !r) warn("rescan", r.error());
}

void start_supervisor(Session& s) {
  auto path = engine::sys::locate_companion("mocker-supervisor", "MOCKER_SUPERVISOR");
  if (!path) return warn("start", path.error());
  auto st = supervisor::spawn_detached(supervisor_paths(s), {*path, "--project-name", s.project.name});
  if (!st) warn("start", st.error());
}

void ensure_supervisor(Session& s) {
  auto paths = supervisor_paths(s);
  if (supervisor::supervisor_alive(paths)) return notify_supervisor(s);
  auto containers = s.containers(true);
  if (!containers) return warn("list containers", containers.error());
  auto known = supervisor::container_status(paths);  // the state file a dead one left
  if (std::any_of(containers->begin(), containers->end(), [&](const auto& c) { return needs_watching(c, known); }))
    start_supervisor(s);
}

void hold_restarts(Session& s, const std::vector<std::string>& ids) {
  if (auto r = supervisor::call(supervisor_paths(s), {{"op", "hold"}, {"ids", ids}}); !r) warn("hold", r.error());
}

engine::sys::Status retire_supervisor(Session& s) {
  auto left = MOCKER_TRY(s.containers(true, {}, true));
  if (!left.empty()) return engine::sys::ok();  // it still has something to watch
  auto paths = supervisor_paths(s);
  auto asked = supervisor::call(paths, {{"op", "shutdown"}});
  // It saves its state after replying: wait for it to let go of the lock.
  for (int i = 0; i < 250 && supervisor::supervisor_alive(paths); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  if (supervisor::supervisor_alive(paths)) {
    if (!asked) return std::move(asked).error();  // it did not answer: the error says what to do
    return engine::sys::Error::invalid("stop", "supervisor of " + s.project.name, "still running after 5s");
  }
  std::error_code ec;
  std::filesystem::remove_all(paths.dir, ec);
  if (ec) return engine::sys::Error::from_errno("remove", paths.dir, ec.value());
  return engine::sys::ok();
}

// Nobody answered: a supervisor that holds the lock but does not listen yet
// (another command started it a moment ago; the socket may still be a dead
// one's), or none at all (killed, or it lost the lock to a liveness probe and
// left). Wait for the first, start one for the second; bounded.
engine::sys::Status wait_healthy(Session& s, const engine::container::Container& c, const std::atomic<bool>* cancel) {
  constexpr int kAttempts = 200;  // of 50 ms: 10 s for a supervisor to listen
  auto paths = supervisor_paths(s);
  constexpr int kStarts = 3;
  const nlohmann::json request = {{"op", "wait_healthy"}, {"id", c.id}};
  // No deadline: it answers once the container is healthy (or will not be).
  supervisor::CallOptions options;
  options.cancel = cancel;
  options.timeout.reset();
  for (int attempt = 0, starts = 0; attempt < kAttempts; ++attempt) {
    if (cancel && *cancel) return engine::sys::Error::invalid("wait for health of", c.name, "interrupted");
    auto reply = supervisor::call(paths, request, options);
    if (reply && *reply) return engine::sys::ok();
    // A refusal (unhealthy, exited: the supervisor's own words, naming no
    // object) or Ctrl-C ends the wait; a connection that broke means it died.
    if (!reply) {
      const auto& e = reply.error();
      if ((e.err == 0 && e.object.empty()) || (cancel && *cancel)) return std::move(reply).error();
      // A killed process closes its socket before the kernel drops its lock.
      for (int i = 0; i < 50 && supervisor::supervisor_alive(paths); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!supervisor::supervisor_alive(paths) && starts++ < kStarts) start_supervisor(s);
    else std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return engine::sys::Error::invalid("wait for health of", c.name, "no supervisor is running");
}

InProcessSupervisor::InProcessSupervisor(Session& s) : paths_(supervisor_paths(s)) {
  if (supervisor::supervisor_alive(paths_)) {
    notify_supervisor(s);
    return;
  }
  auto listening = std::make_shared<std::promise<bool>>();
  auto ready = listening->get_future();
  supervisor::SupervisorOptions options;
  options.project = s.project.name;
  options.handle_signals = false;  // Ctrl-C is the foreground up's to handle
  options.on_listening = [listening](bool ours) { listening->set_value(ours); };
  thread_ = std::thread([options, listening] {
    auto st = supervisor::run_supervisor(options);
    if (!st) {
      warn("in-process", st.error());
      try {
        listening->set_value(false);
      } catch (const std::future_error&) {  // it failed after listening
      }
    }
  });
  ours_ = ready.get();
}

InProcessSupervisor::~InProcessSupervisor() {
  if (ours_) (void)supervisor::call(paths_, {{"op", "shutdown"}});
  if (thread_.joinable()) thread_.join();
}

}  // namespace mocker::cli::compose
