#pragma once
// cgroup v1: one hierarchy per controller (or a few co-mounted), so one
// directory per controller for every group.
#include "../backend.hpp"

#include <string_view>
#include <vector>

namespace mocker::engine::cgroup::v1 {

// memory.cpp
sys::Status apply_memory(const std::string& dir, const Limits& limits, Mode mode, Warnings& warnings);
sys::Status read_memory(const std::string& dir, Stats& stats);
std::string oom_counter_file(const std::string& dir);
sys::Result<uint64_t> oom_kills(const std::string& dir);

// cpu.cpp (cpu and cpuacct, co-mounted or not)
sys::Status apply_cpu(const std::string& dir, const Limits& limits);
sys::Result<uint64_t> cpu_usage_ns(const std::string& cpuacct_dir);

// pids.cpp
sys::Status apply_pids(const std::string& dir, const Limits& limits);
sys::Result<uint64_t> pids_current(const std::string& dir);

// cpuset.cpp
// A new v1 cpuset has empty cpus and mems and refuses tasks (ENOSPC): copy
// them from the parent into every level of path that has none.
sys::Status inherit_cpuset(const std::string& root, const std::string& path);
sys::Status apply_cpuset(const std::string& dir, const Limits& limits);

// freezer.cpp
sys::Status freeze(const std::string& dir);
sys::Status thaw(const std::string& dir);
sys::Result<bool> frozen(const std::string& dir);

// devices.cpp
const std::vector<std::string_view>& default_device_rules();
sys::Status restrict_devices(const std::string& dir);

// group.cpp
// Makes path in every hierarchy (appending what it made to created), prepares
// cpuset and devices, applies limits.
sys::Result<Warnings> setup(const Dirs& roots, const std::string& path, const Limits& limits,
                            std::vector<std::string>& created);
sys::Result<Warnings> apply(const Dirs& dirs, const Limits& limits, Mode mode);
sys::Status add_process(const Dirs& dirs, pid_t pid);
sys::Result<Stats> stats(const Dirs& dirs);
sys::Status kill_all(const Dirs& dirs, int sig);

}  // namespace mocker::engine::cgroup::v1
