// cgroup v2 group: one directory; killing uses cgroup.kill when the kernel has it.
#include "../cgroupfs.hpp"
#include "v2.hpp"

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <thread>

namespace mocker::engine::cgroup::v2 {

namespace {

sys::Status signal_all(const std::string& dir, int sig) {
  auto pids = MOCKER_TRY(cgfs::read_procs(dir));
  for (pid_t pid : pids) {
    if (::kill(pid, sig) < 0 && errno != ESRCH) return sys::Error::last("kill", std::to_string(pid));
  }
  return sys::ok();
}

}  // namespace

sys::Result<Warnings> setup(const std::string& root, const std::string& path, const Limits& limits,
                            std::vector<std::string>& created) {
  Warnings warnings;
  std::string parent = root;
  for (const auto& part : std::filesystem::path(path)) {
    if (part.empty() || part == "/" || part == ".") continue;
    MOCKER_TRY(enable_controllers(parent, warnings));
    MOCKER_TRY(cgfs::make_dirs(parent, part.string(), created));
    parent = cgfs::join(parent, part.string());
  }
  auto more = MOCKER_TRY(apply(parent, limits, Mode::create));
  warnings.insert(warnings.end(), more.begin(), more.end());
  return warnings;
}

sys::Result<Warnings> apply(const std::string& dir, const Limits& limits, Mode mode) {
  Warnings warnings;
  MOCKER_TRY(apply_memory(dir, limits, mode, warnings));
  MOCKER_TRY(apply_cpu(dir, limits));
  MOCKER_TRY(apply_pids(dir, limits));
  MOCKER_TRY(apply_cpuset(dir, limits));
  return warnings;
}

sys::Status add_process(const std::string& dir, pid_t pid) {
  return cgfs::write(dir, "cgroup.procs", std::to_string(pid));
}

sys::Result<Stats> stats(const std::string& dir) {
  Stats s;
  MOCKER_TRY(read_memory(dir, s));
  s.cpu_usage_ns = MOCKER_TRY(cpu_usage_ns(dir));
  s.pids_current = MOCKER_TRY(pids_current(dir));
  return s;
}

sys::Status kill_all(const std::string& dir, int sig) {
  // cgroup.kill (Linux 5.14) kills the whole subtree at once, forks included.
  if (sig == SIGKILL && cgfs::exists(dir, "cgroup.kill")) return cgfs::write(dir, "cgroup.kill", "1");
  bool has_freeze = cgfs::exists(dir, "cgroup.freeze");
  bool frozen = has_freeze && freeze(dir).ok();
  sys::Status result = signal_all(dir, sig);
  if (has_freeze) {
    auto st = cgfs::write(dir, "cgroup.freeze", "0");
    if (!st && result && frozen) result = std::move(st);
  }
  return result;
}

}  // namespace mocker::engine::cgroup::v2
