// cgroup v1 group: a directory per hierarchy, kept in step.
#include "../cgroupfs.hpp"
#include "v1.hpp"

#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <set>
#include <thread>

namespace mocker::engine::cgroup::v1 {

namespace {

std::set<std::string> distinct(const Dirs& dirs) {
  std::set<std::string> out;
  for (const auto& [c, d] : dirs) out.insert(d);
  return out;
}

sys::Result<std::vector<pid_t>> all_procs(const Dirs& dirs) {
  std::set<pid_t> seen;
  for (const auto& d : distinct(dirs)) {
    auto pids = MOCKER_TRY(cgfs::read_procs(d));
    seen.insert(pids.begin(), pids.end());
  }
  return std::vector<pid_t>(seen.begin(), seen.end());
}

// Signals what is in the group; returns how many processes it saw.
sys::Result<size_t> signal_round(const Dirs& dirs, int sig) {
  auto pids = MOCKER_TRY(all_procs(dirs));
  for (pid_t pid : pids) {
    if (::kill(pid, sig) < 0 && errno != ESRCH) return sys::Error::last("kill", std::to_string(pid));
  }
  return pids.size();
}

}  // namespace

sys::Result<Warnings> setup(const Dirs& roots, const std::string& path, const Limits& limits,
                            std::vector<std::string>& created) {
  for (const auto& root : distinct(roots)) MOCKER_TRY(cgfs::make_dirs(root, path, created));
  std::string cpuset_root = dir_of(roots, Controller::cpuset);
  if (!cpuset_root.empty()) MOCKER_TRY(inherit_cpuset(cpuset_root, path));
  Dirs dirs = dirs_below(roots, path);
  Warnings warnings;
  if (dirs.contains(Controller::devices)) {
    MOCKER_TRY(restrict_devices(dir_of(dirs, Controller::devices)));
  } else {
    warnings.push_back("the devices cgroup controller is not mounted: device access is not restricted");
  }
  auto more = MOCKER_TRY(apply(dirs, limits, Mode::create));
  warnings.insert(warnings.end(), more.begin(), more.end());
  return warnings;
}

sys::Result<Warnings> apply(const Dirs& dirs, const Limits& limits, Mode mode) {
  Warnings warnings;
  MOCKER_TRY(apply_memory(dir_of(dirs, Controller::memory), limits, mode, warnings));
  MOCKER_TRY(apply_cpu(dir_of(dirs, Controller::cpu), limits));
  MOCKER_TRY(apply_pids(dir_of(dirs, Controller::pids), limits));
  MOCKER_TRY(apply_cpuset(dir_of(dirs, Controller::cpuset), limits));
  return warnings;
}

sys::Status add_process(const Dirs& dirs, pid_t pid) {
  for (const auto& d : distinct(dirs)) MOCKER_TRY(cgfs::write(d, "cgroup.procs", std::to_string(pid)));
  return sys::ok();
}

sys::Result<Stats> stats(const Dirs& dirs) {
  Stats s;
  MOCKER_TRY(read_memory(dir_of(dirs, Controller::memory), s));
  s.cpu_usage_ns = MOCKER_TRY(cpu_usage_ns(dir_of(dirs, Controller::cpuacct)));
  s.pids_current = MOCKER_TRY(pids_current(dir_of(dirs, Controller::pids)));
  return s;
}

sys::Status kill_all(const Dirs& dirs, int sig) {
  std::string freezer = dir_of(dirs, Controller::freezer);
  bool has_freezer = cgfs::exists(freezer, "freezer.state");
  bool frozen = has_freezer && freeze(freezer).ok();
  // Frozen tasks cannot fork, so one round reaches them all. Without the
  // freezer a few rounds catch children forked meanwhile; only SIGKILL is
  // repeated, other signals are sent once, as the user asked.
  const int rounds = (frozen || sig != SIGKILL) ? 1 : 5;
  sys::Status result;
  for (int round = 0; round < rounds; ++round) {
    auto seen = signal_round(dirs, sig);
    if (!seen) {
      result = std::move(seen).error();
      break;
    }
    if (*seen == 0) break;
    if (round + 1 < rounds) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Signals reach frozen tasks only once they run again; a freeze that timed
  // out leaves the group FREEZING, which must be undone as well.
  if (has_freezer) {
    auto st = thaw(freezer);
    if (!st && result && frozen) result = std::move(st);
  }
  return result;
}

}  // namespace mocker::engine::cgroup::v1
