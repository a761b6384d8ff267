#pragma once
// mocker-probe: run inside a container, prints one JSON object about what it sees
// or what happened when it tried something. Static, no dependencies.
#include <nlohmann/json.hpp>

#include <string>

namespace mocker::probe {

nlohmann::json isolation_report();
nlohmann::json escape_attempts();
nlohmann::json fork_bomb(long limit);
nlohmann::json allocate(long megabytes);
nlohmann::json spin(double seconds);

// "Operation not permitted" for errno, "ok" for 0.
std::string words(int err);

}  // namespace mocker::probe
