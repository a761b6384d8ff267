#pragma once
// Logs of several containers interleaved as they arrive, each line prefixed
// with the container's name and a colour per service (`web-1  | ...`), the way
// `docker compose up` and `logs` show them.
#include <mocker/container/engine.hpp>

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

}  // namespace mocker::cli::compose
