#include "progress.hpp"

#include <nlohmann/json.hpp>

#include <iostream>
#include <unistd.h>

namespace mocker::cli::compose {

std::function<void(const std::string&)> progress_printer(const std::string& mode) {
  if (mode == "quiet") return [](const std::string&) {};
  if (mode == "json") {
    return [](const std::string& line) {
      size_t gap = line.find("  ");
      nlohmann::json j{{"object", line.substr(0, gap)},
                       {"status", gap == std::string::npos ? "" : line.substr(gap + 2)}};
      std::cerr << j.dump() << '\n';
    };
  }
  bool tty = mode == "tty" || (mode == "auto" && ::isatty(STDERR_FILENO));
  return [tty](const std::string& line) {
    bool done = line.size() > 2 && (line.ends_with("ed") || line.ends_with(")"));
    std::cerr << (tty ? (done ? " \u2714 " : "   ") : "") << line << '\n';
  };
}

}  // namespace mocker::cli::compose
