#pragma once
// A container's cgroup behind one interface for cgroup v1 (one hierarchy per
// controller), hybrid (v1 controllers plus a cgroup2 mount that we ignore) and
// pure cgroup v2 (one unified hierarchy).
#include <mocker/cgroup/limits.hpp>
#include <mocker/sys/result.hpp>

#include <sys/types.h>

#include <csignal>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::cgroup {

enum class Version { v1, v2 };

// The controllers mocker uses. On v2 cpuacct, freezer and devices are not
// controllers (usage is in cpu.stat, freezing is cgroup.freeze).
enum class Controller { memory, cpu, cpuacct, cpuset, pids, freezer, devices };

std::string_view controller_name(Controller c);

class Cgroup {
 public:
  Version version() const { return version_; }
  // Relative to the hierarchy roots, e.g. "mocker/<container-id>".
  const std::string& path() const { return path_; }
  // Best-effort defaults create() could not apply.
  const Warnings& warnings() const { return warnings_; }

  // The directory of a controller for this group; empty when the controller
  // is not mounted (v1). On v2 every controller answers the unified directory.
  std::string dir(Controller c) const;
  // Every distinct directory of this group, one per v1 hierarchy.
  std::vector<std::string> dirs() const;

  // Moves pid into the group in every hierarchy.
  sys::Status add_process(pid_t pid);
  // Files a single-threaded process writes "0" into to move itself into the
  // group: v1 `tasks`, one per hierarchy. The kernel moves a thread that moves
  // itself without the global lock that any other move takes, and whose first
  // taking waits out an RCU grace period (10 to 20 ms here). Empty on v2, whose
  // processes are placed with add_process.
  std::vector<std::string> self_join_files() const;
  sys::Result<Stats> stats() const;
  // Processes in the group and in any group below it.
  sys::Result<std::vector<pid_t>> pids() const;
  sys::Result<uint64_t> oom_kills() const;
  // The file whose "oom_kill N" line counts OOM kills (v1 memory.oom_control,
  // v2 memory.events); empty when there is no memory controller.
  std::string oom_counter_file() const;

  // Signals every process; a frozen group cannot fork away from the signal.
  sys::Status kill_all(int sig = SIGKILL);
  // kill_all, waits (bounded) until empty, removes the group's directories and
  // any below them. The parents stay. Missing directories are fine.
  sys::Status destroy();
  // pause / unpause (freezer.cpp): freeze() returns once every task is
  // stopped (bounded wait); a v1 host without the freezer controller fails.
  sys::Status freeze();
  sys::Status thaw();
  sys::Result<bool> frozen() const;
  // Applies the set fields of limits to a live group, like docker update.
  sys::Result<Warnings> update(const Limits& limits);

 private:
  friend class Hierarchy;
  Cgroup(Version version, std::string path, std::map<Controller, std::string> dirs)
      : version_(version), path_(std::move(path)), dirs_(std::move(dirs)) {}

  // Refuses a group without directories: open() of the root or of "..".
  sys::Status usable() const;
  bool exists() const;
  sys::Status wait_empty() const;

  Version version_;
  std::string path_;
  std::map<Controller, std::string> dirs_;  // v2: one entry per controller, same dir
  Warnings warnings_;
};

// How this host mounts cgroups.
class Hierarchy {
 public:
  // Reads /proc/self/mountinfo.
  static sys::Result<Hierarchy> detect();
  // root_prefix is prepended to every mount point: unit tests point it at a
  // temp tree standing in for cgroupfs.
  static sys::Result<Hierarchy> from_mountinfo(std::string_view mountinfo,
                                               std::string root_prefix = {});

  Version version() const { return version_; }
  // Where each controller's hierarchy is mounted (v2: all the same).
  const std::map<Controller, std::string>& roots() const { return roots_; }

  // Creates path (and its parents as needed) in every hierarchy and applies
  // limits; idempotent. Fails if a requested limit cannot be applied; on
  // failure the directories made by this call are removed again.
  sys::Result<Cgroup> create(const std::string& path, const Limits& limits) const;
  // The group at path without any I/O: for rm and recovery.
  Cgroup open(const std::string& path) const;

 private:
  Hierarchy(Version version, std::map<Controller, std::string> roots)
      : version_(version), roots_(std::move(roots)) {}

  Version version_;
  std::map<Controller, std::string> roots_;
};

}  // namespace mocker::engine::cgroup
