#pragma once
// The project's event stream: one JSON object a line, appended to a journal
// by whoever sees the event happen (the supervisor: start, die, restart,
// health_status, oom; rescans: create, destroy). `events` follows the journal,
// so it works whether or not a supervisor is alive.
#include <mocker/supervisor/paths.hpp>

#include <nlohmann/json.hpp>

#include <atomic>
#include <functional>
#include <string>

namespace mocker::orchestrator::supervisor {

struct Event {
  std::string time;    // RFC 3339 with nanoseconds
  std::string action;  // create, start, die, restart, health_status, oom, destroy
  std::string id;      // container id
  std::string name;    // container name
  std::string service;
  nlohmann::json attributes = nlohmann::json::object();  // exitCode, healthStatus, delay...
};

// docker compose's `events --json` shape: {"time","type":"container","action","id","service","attributes"}.
nlohmann::json to_json(const Event& e);
Event event_from_json(const nlohmann::json& j);
// "2026-11-23T02:10:00.123456789Z container die demo-web-1 (exitCode=1)"
std::string event_text(const Event& e);

// Appends one line; a single write on an O_APPEND descriptor, so lines of
// concurrent writers never interleave.
engine::sys::Status append_event(const ProjectPaths& paths, Event e);

// Calls `sink` for each event appended from now on (from the start of the
// journal with `from_start`), waiting with inotify, until `sink` returns false
// or *stop becomes true (checked at least every `stop_check`).
engine::sys::Status follow_events(const ProjectPaths& paths, bool from_start, const std::function<bool(const Event&)>& sink,
                                  const std::atomic<bool>* stop);

std::string now_rfc3339();

}  // namespace mocker::orchestrator::supervisor
