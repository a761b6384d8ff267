#pragma once
// What a container may use (Limits) and what it has used (Stats), independent of
// the cgroup version. The conversions between the two versions' units live here
// as pure functions so they can be tested without a cgroupfs.
#include <mocker/sys/result.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::cgroup {

// Every field is optional: unset means no limit (or the kernel's default).
// Where a field takes -1 it means "unlimited", which lets update() lift a limit.
// (The "= {}" keep designated initializers free of missing-field warnings.)
struct Limits {
  std::optional<int64_t> memory_bytes = {};              // -m; -1 unlimited; at least 6 MiB
  std::optional<int64_t> memory_swap_bytes = {};         // memory + swap; -1 unlimited
  std::optional<int64_t> memory_reservation_bytes = {};  // soft limit; -1 none
  std::optional<double> cpus = {};                       // 0.5 = half a CPU, at most the host's; 0 = no quota
  std::optional<uint64_t> cpu_shares = {};               // v1 shares 2..262144; v2 weight
  std::optional<int64_t> pids_max = {};                  // <= 0 unlimited
  std::optional<std::string> cpuset_cpus = {};           // "0-3,5"
  std::optional<std::string> cpuset_mems = {};
};

// Best-effort defaults that could not be applied, as sentences for the user.
using Warnings = std::vector<std::string>;

struct Stats {
  static constexpr uint64_t unlimited = std::numeric_limits<uint64_t>::max();

  uint64_t memory_usage_bytes = 0;  // usage minus inactive file cache, like docker stats
  uint64_t memory_limit_bytes = unlimited;
  uint64_t cpu_usage_ns = 0;
  uint64_t pids_current = 0;
  uint64_t oom_kills = 0;
};

inline constexpr int64_t kCpuPeriodUs = 100000;
inline constexpr int64_t kMinMemoryBytes = 6 * 1024 * 1024;  // docker's floor

// Rejects values no kernel would take, before anything is written: against
// the CPUs online here, or host_cpus (0: unknown, no upper bound for --cpus).
sys::Status validate(const Limits& limits);
sys::Status validate(const Limits& limits, int host_cpus);

// --cpus to a CFS quota in microseconds per kCpuPeriodUs; -1 (no quota) for 0.
int64_t cpu_quota_us(double cpus);

// cgroup v1 cpu.shares (2..262144) to cgroup v2 cpu.weight (1..10000).
uint64_t shares_to_weight(uint64_t shares);

// Docker's default memory + swap total when only -m is given: twice the
// memory (as much swap as memory); -1 (unlimited) when memory is unlimited.
int64_t default_memory_swap(int64_t memory_bytes);

}  // namespace mocker::engine::cgroup
