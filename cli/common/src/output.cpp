#include <mocker/cli/output.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace mocker::cli {

std::string Table::render() const {
  std::vector<size_t> width;
  for (const auto& r : rows_)
    for (size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], r[i].size());
    }
  std::string out;
  for (const auto& r : rows_) {
    std::string line;
    for (size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - r[i].size() + 3, ' ');
    }
    out += line + "\n";
  }
  return out;
}

std::string human_size(uint64_t bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  if (u == 0) std::snprintf(buf, sizeof buf, "%lluB", static_cast<unsigned long long>(bytes));
  else std::snprintf(buf, sizeof buf, "%.3g%s", v, units[u]);
  return buf;
}

std::string human_age(const std::string& rfc3339) {
  struct tm tm {};
  if (!strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &tm)) return "unknown";
  time_t then = timegm(&tm);
  long secs = static_cast<long>(std::time(nullptr) - then);
  auto plural = [](long n, const char* unit) {
    return std::to_string(n) + " " + unit + (n == 1 ? "" : "s") + " ago";
  };
  if (secs < 1) return "Less than a second ago";
  if (secs < 60) return plural(secs, "second");
  if (secs < 3600) return plural(secs / 60, "minute");
  if (secs < 86400 * 2) return plural(secs / 3600, "hour");
  if (secs < 86400 * 14) return plural(secs / 86400, "day");
  if (secs < 86400 * 60) return plural(secs / (86400 * 7), "week");
  if (secs < 86400 * 730) return plural(secs / (86400 * 30), "month");
  return plural(secs / (86400 * 365), "year");
}

std::string short_id(const std::string& id) {
  auto colon = id.find(':');
  std::string hex = colon == std::string::npos ? id : id.substr(colon + 1);
  return hex.substr(0, 12);
}

std::string short_init_command(const std::string& command) {
  std::string program = command.substr(0, command.find(' '));
  if (!program.starts_with("/") || !program.ends_with("/mocker-init")) return command;
  return "mocker-init" + command.substr(program.size());
}

}  // namespace mocker::cli
