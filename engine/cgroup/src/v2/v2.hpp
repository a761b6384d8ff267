#pragma once
// cgroup v2: one unified hierarchy; a group is a single directory and its
// controllers must be enabled in every ancestor's cgroup.subtree_control.
#include "../backend.hpp"

#include <vector>

namespace mocker::engine::cgroup::v2 {

// controllers.cpp
// The controllers mocker enables, in the order they are enabled.
const std::vector<std::string_view>& wanted_controllers();
// Enables the wanted controllers that dir offers (cgroup.controllers) and has
// not enabled yet; one that cannot be enabled is a warning.
sys::Status enable_controllers(const std::string& dir, Warnings& warnings);

// memory.cpp
sys::Status apply_memory(const std::string& dir, const Limits& limits, Mode mode, Warnings& warnings);
sys::Status read_memory(const std::string& dir, Stats& stats);
std::string oom_counter_file(const std::string& dir);
sys::Result<uint64_t> oom_kills(const std::string& dir);

// cpu.cpp
sys::Status apply_cpu(const std::string& dir, const Limits& limits);
sys::Result<uint64_t> cpu_usage_ns(const std::string& dir);

// pids.cpp
sys::Status apply_pids(const std::string& dir, const Limits& limits);
sys::Result<uint64_t> pids_current(const std::string& dir);

// cpuset.cpp
sys::Status apply_cpuset(const std::string& dir, const Limits& limits);

// freezer.cpp: cgroup.freeze, waited for until cgroup.events says frozen.
sys::Status freeze(const std::string& dir);
sys::Status thaw(const std::string& dir);
sys::Result<bool> frozen(const std::string& dir);

// group.cpp
// Makes every level of path below root, enabling controllers in each parent
// on the way down (appending what it made to created), then applies limits.
sys::Result<Warnings> setup(const std::string& root, const std::string& path, const Limits& limits,
                            std::vector<std::string>& created);
sys::Result<Warnings> apply(const std::string& dir, const Limits& limits, Mode mode);
sys::Status add_process(const std::string& dir, pid_t pid);
sys::Result<Stats> stats(const std::string& dir);
sys::Status kill_all(const std::string& dir, int sig);

}  // namespace mocker::engine::cgroup::v2
