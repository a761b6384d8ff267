// The version-independent face of a group: dispatches to a backend and owns
// the teardown sequence (kill, wait until empty, rmdir), which both share.
#include "cgroupfs.hpp"
#include "v1/v1.hpp"
#include "v2/v2.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <set>
#include <thread>

namespace mocker::engine::cgroup {

namespace {

// How long destroy() waits for killed processes to leave: 400 polls of 25 ms.
constexpr int kEmptyPolls = 400;
constexpr auto kEmptyPollInterval = std::chrono::milliseconds(25);

}  // namespace

std::string Cgroup::dir(Controller c) const { return dir_of(dirs_, c); }

std::vector<std::string> Cgroup::dirs() const {
  std::set<std::string> distinct;
  for (const auto& [c, d] : dirs_) distinct.insert(d);
  return {distinct.begin(), distinct.end()};
}

sys::Status Cgroup::usable() const {
  if (dirs_.empty()) {
    return sys::Error::invalid("use cgroup", path_, "expected a path below the hierarchy roots");
  }
  return sys::ok();
}

bool Cgroup::exists() const {
  auto all = dirs();
  return std::any_of(all.begin(), all.end(), [](const std::string& d) { return cgfs::exists(d); });
}

sys::Status Cgroup::add_process(pid_t pid) {
  MOCKER_TRY(usable());
  auto st = version_ == Version::v1 ? v1::add_process(dirs_, pid)
                                    : v2::add_process(dir(Controller::memory), pid);
  return std::move(st).context("add process " + std::to_string(pid) + " to cgroup " + path_);
}

std::vector<std::string> Cgroup::self_join_files() const {
  if (version_ != Version::v1) return {};
  std::vector<std::string> files;
  for (const auto& d : dirs()) files.push_back(d + "/tasks");
  return files;
}

sys::Result<Stats> Cgroup::stats() const {
  MOCKER_TRY(usable());
  std::string context = "read stats of cgroup " + path_;
  // Missing files read as zero (a controller not in use); a missing group does not.
  if (!exists()) return sys::Error::from_errno("open", dirs().front(), ENOENT).wrap(context);
  auto s = version_ == Version::v1 ? v1::stats(dirs_) : v2::stats(dir(Controller::memory));
  return std::move(s).context(context);
}

sys::Result<std::vector<pid_t>> Cgroup::pids() const {
  MOCKER_TRY(usable());
  std::set<pid_t> seen;
  for (const auto& d : dirs()) {
    auto some = MOCKER_TRY(std::move(cgfs::read_procs(d)).context("list processes of cgroup " + path_));
    seen.insert(some.begin(), some.end());
  }
  return std::vector<pid_t>(seen.begin(), seen.end());
}

sys::Result<uint64_t> Cgroup::oom_kills() const {
  MOCKER_TRY(usable());
  auto n = version_ == Version::v1 ? v1::oom_kills(dir(Controller::memory))
                                   : v2::oom_kills(dir(Controller::memory));
  return std::move(n).context("read OOM kills of cgroup " + path_);
}

std::string Cgroup::oom_counter_file() const {
  return version_ == Version::v1 ? v1::oom_counter_file(dir(Controller::memory))
                                 : v2::oom_counter_file(dir(Controller::memory));
}

sys::Status Cgroup::kill_all(int sig) {
  MOCKER_TRY(usable());
  auto st = version_ == Version::v1 ? v1::kill_all(dirs_, sig) : v2::kill_all(dir(Controller::memory), sig);
  return std::move(st).context("kill processes of cgroup " + path_);
}

sys::Status Cgroup::wait_empty() const {
  size_t left = 0;
  for (int poll = 0; poll < kEmptyPolls; ++poll) {
    auto pids = MOCKER_TRY(this->pids());
    left = pids.size();
    if (left == 0) return sys::ok();
    std::this_thread::sleep_for(kEmptyPollInterval);
  }
  return sys::Error::from_errno("wait for cgroup to empty", path_, EBUSY)
      .with_note(std::to_string(left) + " processes still in the group after 10 s");
}

sys::Status Cgroup::destroy() {
  MOCKER_TRY(usable());
  std::string context = "destroy cgroup " + path_;
  if (!exists()) return sys::ok();
  // Usually the container has exited and the group is empty: no freeze, no kill.
  auto before = pids();
  bool empty = before && before->empty();
  // A failed kill is reported only if the group then does not go away.
  auto killed = empty ? sys::ok() : kill_all(SIGKILL);
  auto attach = [&](sys::Error e) {
    if (!killed) e = std::move(e).with_note(killed.error().render());
    return std::move(e).wrap(context);
  };
  if (!empty)
    if (auto st = wait_empty(); !st) return attach(std::move(st).error());
  for (const auto& d : dirs()) {
    for (const auto& sub : cgfs::subtree_deepest_first(d)) {
      if (auto st = cgfs::remove_dir(sub); !st) return attach(std::move(st).error());
    }
  }
  return sys::ok();
}

sys::Result<Warnings> Cgroup::update(const Limits& limits) {
  MOCKER_TRY(usable());
  std::string context = "update cgroup " + path_;
  MOCKER_TRY(validate(limits).context(context));
  auto w = version_ == Version::v1 ? v1::apply(dirs_, limits, Mode::update)
                                   : v2::apply(dir(Controller::memory), limits, Mode::update);
  return std::move(w).context(context);
}

}  // namespace mocker::engine::cgroup
