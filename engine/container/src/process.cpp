#include "process.hpp"

#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace mocker::engine::container {

namespace {
struct ProcStat {
  char state = 0;
  uint64_t start = 0;
};

ProcStat read_stat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  auto close = line.rfind(')');
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 2));
  ProcStat st;
  rest >> st.state;
  std::string field;
  for (int i = 4; i <= 21; ++i) rest >> field;  // fields 4..21
  rest >> st.start;                              // field 22
  return st;
}
}  // namespace

uint64_t start_ticks(pid_t pid) { return read_stat(pid).start; }

bool is_alive(pid_t pid, uint64_t ticks) {
  if (pid <= 0) return false;
  ProcStat st = read_stat(pid);
  return st.start != 0 && st.start == ticks && st.state != 'Z' && st.state != 'X';
}

bool wait_for_exit(pid_t pid, uint64_t ticks, std::chrono::milliseconds timeout) {
  if (!is_alive(pid, ticks)) return true;
  int fd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (fd >= 0 && is_alive(pid, ticks)) {  // the pidfd refers to our process, not a reused pid
    struct pollfd p = {fd, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(timeout.count()));
    ::close(fd);
    if (rc > 0) {
      // Our own child (an attached run): reap it so it does not linger as a zombie.
      ::waitpid(pid, nullptr, WNOHANG);
      return true;
    }
    return !is_alive(pid, ticks);
  }
  if (fd >= 0) ::close(fd);
  return !is_alive(pid, ticks);
}

}  // namespace mocker::engine::container
