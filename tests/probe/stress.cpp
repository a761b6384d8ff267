// Load generators for limit tests: processes, memory, CPU. Each is bounded.
#include "probe.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace mocker::probe {

namespace {

constexpr double kForkSeconds = 10.0;

double now(clockid_t clock) {
  timespec ts{};
  ::clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

nlohmann::json fork_bomb(long limit) {
  int gate[2];
  if (::pipe(gate) != 0) return {{"error", words(errno)}};
  std::vector<pid_t> children;
  int err = 0;
  double deadline = now(CLOCK_MONOTONIC) + kForkSeconds;
  while (static_cast<long>(children.size()) < limit && now(CLOCK_MONOTONIC) < deadline) {
    pid_t pid = ::fork();
    if (pid < 0) {
      err = errno;
      break;
    }
    if (pid == 0) {
      // Wait for the gate to close, then go.
      ::close(gate[1]);
      char c;
      while (::read(gate[0], &c, 1) < 0 && errno == EINTR) {
      }
      ::_exit(0);
    }
    children.push_back(pid);
  }
  long held = static_cast<long>(children.size());
  ::close(gate[1]);
  ::close(gate[0]);
  for (pid_t pid : children) {
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
  }
  return {{"requested", limit}, {"max_alive", held}, {"error", err ? words(err) : ""}};
}

nlohmann::json allocate(long megabytes) {
  constexpr size_t kMiB = 1024 * 1024;
  std::vector<char*> blocks;
  for (long i = 0; i < megabytes; ++i) {
    char* block = static_cast<char*>(std::malloc(kMiB));
    if (!block) return {{"allocated_mb", i}, {"error", "malloc failed"}};
    for (size_t off = 0; off < kMiB; off += 4096) block[off] = 1;
    blocks.push_back(block);
  }
  nlohmann::json out{{"allocated_mb", megabytes}};
  for (char* b : blocks) std::free(b);
  return out;
}

nlohmann::json spin(double seconds) {
  double start = now(CLOCK_MONOTONIC), cpu_start = now(CLOCK_PROCESS_CPUTIME_ID);
  volatile unsigned long counter = 0;
  while (now(CLOCK_MONOTONIC) - start < seconds) counter = counter + 1;
  return {{"wall_seconds", now(CLOCK_MONOTONIC) - start}, {"cpu_seconds", now(CLOCK_PROCESS_CPUTIME_ID) - cpu_start}};
}

}  // namespace mocker::probe
