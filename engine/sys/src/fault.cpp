#include <mocker/sys/fault.hpp>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>

namespace mocker::engine::sys {

namespace {

// The action armed for `name` in MOCKER_FAULT, or empty when not armed.
std::string armed_action(std::string_view spec, std::string_view name) {
  while (!spec.empty()) {
    auto comma = spec.find(',');
    std::string_view item = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
    auto colon = item.find(':');
    if (item.substr(0, colon) != name) continue;
    return colon == std::string_view::npos ? std::string("stop") : std::string(item.substr(colon + 1));
  }
  return {};
}

void mark_reached(std::string_view name) {
  const char* mark = std::getenv("MOCKER_FAULT_MARK");
  if (!mark || !*mark) return;
  int fd = ::open(mark, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return;
  std::string line = std::string(name) + "\n";
  (void)!::write(fd, line.data(), line.size());
  ::close(fd);
}

}  // namespace

Status fault_point(std::string_view name) {
  static const char* spec = std::getenv("MOCKER_FAULT");
  if (!spec || !*spec) return {};
  std::string action = armed_action(spec, name);
  if (action.empty()) return {};
  mark_reached(name);
  if (action == "kill") ::raise(SIGKILL);
  if (action == "fail") return Error::from_errno("fault point", std::string(name), EIO);
  ::raise(SIGSTOP);
  return {};
}

}  // namespace mocker::engine::sys
