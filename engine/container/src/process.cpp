#include "process.hpp"

#include <mocker/sys/fd.hpp>

#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>
#include <string>
#include <thread>

namespace mocker::engine::container {

namespace {
struct ProcStat {
  char state = 0;
  unsigned long flags = 0;
  uint64_t start = 0;
};

// PF_EXITING (include/linux/sched.h): set once the process has begun to
// exit. A pid namespace's init keeps it while it waits for the other
// processes of its namespace to be gone.
constexpr unsigned long kExiting = 0x4;

ProcStat read_stat(pid_t pid) {
  auto text = sys::read_file("/proc/" + std::to_string(pid) + "/stat");
  if (!text) return {};
  const std::string& line = *text;
  auto close = line.rfind(')');
  if (close == std::string::npos || close + 2 >= line.size()) return {};
  std::istringstream rest(line.substr(close + 2));
  ProcStat st;
  rest >> st.state;
  std::string field;
  for (int i = 4; i <= 8; ++i) rest >> field;  // fields 4..8
  rest >> st.flags;                             // field 9
  for (int i = 10; i <= 21; ++i) rest >> field;  // fields 10..21
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

bool is_exiting(pid_t pid, uint64_t ticks) {
  if (pid <= 0) return false;
  ProcStat st = read_stat(pid);
  return st.start != 0 && st.start == ticks && (st.flags & kExiting) != 0;
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
