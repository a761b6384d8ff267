#pragma once
// Logs of several containers interleaved as they arrive, each line prefixed
// with the container's name and a colour per service (`web-1  | ...`), the way
// `docker compose up` and `logs` show them.
#include <mocker/container/engine.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace mocker::cli::compose {

struct LogStreamOptions {
  bool follow = false;
  bool color = true;
  bool prefix = true;
  engine::container::LogOptions logs;  // tail, timestamps, since (follow is set from above)
};

// One thread per container; returns when every stream has ended (with
// `follow`: when every container has exited).
void stream_logs(engine::Engine& engine, const std::vector<engine::container::Container>& containers,
                 const LogStreamOptions& options);

// What follow_project_logs asks at every turn: the containers now, what the
// supervisor knows of them, and whether to go on (false: stop following).
struct FollowSource {
  std::function<engine::sys::Result<std::vector<engine::container::Container>>()> containers;
  // The live supervisor's view (supervisor::live_container_status); nullopt
  // when none answers, and then nothing is pending.
  std::function<std::optional<nlohmann::json>()> supervisor_status;
  std::function<bool(const std::vector<engine::container::Container>&)> go_on;
  // Called once go_on said stop, before waiting for the open streams, which
  // end with their containers: where to stop those. May be empty.
  std::function<void()> on_stop;
};

// Follows the logs of the given containers, and of each run after it: a
// container the supervisor restarts is followed again from its new start, a
// container that appears is followed too. Returns once no container runs or
// has a restart pending, or go_on said stop (then after on_stop), once every
// stream has ended.
void follow_project_logs(engine::Engine& engine, const std::vector<engine::container::Container>& first,
                         const LogStreamOptions& options, const FollowSource& source);

}  // namespace mocker::cli::compose
