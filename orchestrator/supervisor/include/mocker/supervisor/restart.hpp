#pragma once
// Whether and when to restart a container that exited: a pure function of the
// service's policy, how the container exited and what happened before. The
// supervisor owns the clock; nothing here reads it.
#include <mocker/spec/model.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace mocker::orchestrator::supervisor {

using Millis = std::chrono::milliseconds;

// A service's policy, from `restart:` or `deploy.restart_policy`.
// `always` and `unless-stopped` decide the same here: the one difference in
// Docker is what happens when the daemon restarts after a manual stop, and a
// manual stop never restarts anything in ours (the supervisor resumes a
// container only when `start` is run). Deploy conditions map none -> never,
// on-failure -> on_failure, any (the default) -> always.
struct RestartRule {
  enum class When { never, on_failure, always, unless_stopped };
  When when = When::never;
  std::optional<int64_t> max_attempts;  // on-failure:N; deploy max_attempts
  std::optional<Millis> delay;          // deploy delay: used instead of the backoff
  std::optional<Millis> window;         // deploy window
  // restart_rule() stores a max of 0 ("unlimited" in Docker and swarm) and a
  // window of 0 ("decide at once") as nullopt.

  bool operator==(const RestartRule&) const = default;
};

// The rule a service asks for; `deploy.restart_policy` wins over `restart:`
// when both are given, as in docker compose.
RestartRule restart_rule(const spec::Service& service);

// How the container ended this time.
struct ExitFacts {
  int exit_code = 0;
  bool stopped_by_user = false;  // stop or kill through us
  Millis ran_for{0};             // from start to exit
};

// What is kept between exits of one container.
struct RestartHistory {
  int64_t restart_count = 0;  // restarts so far, as ps shows them
  int64_t attempts = 0;       // restarts counted toward max_attempts
  Millis last_delay{0};       // the backoff chosen last time; 0 before the first

  bool operator==(const RestartHistory&) const = default;
};

struct RestartDecision {
  bool restart = false;
  Millis delay{0};
  std::string reason;    // "on-failure: exit code 1, attempt 2 of 3", "stopped by user", ...
  RestartHistory next;   // the history to keep after this exit
};

// The rules, in order:
// 1. stopped_by_user: no restart under any policy; the history is kept as is
//    (the supervisor starts a fresh history when the user starts it again).
// 2. never, and on_failure after exit code 0: no restart.
// 3. Window: when `window` is set and the container ran at least `window`
//    before this exit, its last restart succeeded: `attempts` goes back to 0,
//    so max_attempts limits consecutive quick failures. Without a window every
//    restart counts (Docker's on-failure:N) until the user starts it again.
// 4. max_attempts: no restart once `attempts` reached it.
// 5. Otherwise restart: restart_count and attempts go up by one. The delay is
//    deploy `delay` when set; else Docker's backoff: 100 ms, doubled after each
//    restart up to 1 min, back to 100 ms when the container ran >= 10 s.
// When there is no restart, `next` equals `history`.
RestartDecision decide_restart(const RestartRule& rule, const ExitFacts& exit, const RestartHistory& history);

// "no", "always", "on-failure:3", "unless-stopped", "on-failure (deploy: 3 attempts, delay 5s, window 30s)".
std::string describe(const RestartRule& rule);

nlohmann::json to_json(const RestartRule& rule);
RestartRule restart_rule_from_json(const nlohmann::json& j);  // tolerant: missing keys take defaults
nlohmann::json to_json(const RestartHistory& history);
RestartHistory restart_history_from_json(const nlohmann::json& j);

}  // namespace mocker::orchestrator::supervisor
