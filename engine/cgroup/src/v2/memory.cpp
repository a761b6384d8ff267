// cgroup v2 memory: memory.max, swap on its own (memory.swap.max), memory.low,
// usage and the OOM kill counter in memory.events.
#include "../cgroupfs.hpp"
#include "v2.hpp"

namespace mocker::engine::cgroup::v2 {

namespace {

constexpr std::string_view kSwapMax = "memory.swap.max";

std::string bytes_or_max(int64_t v) { return v < 0 ? "max" : std::to_string(v); }

// v2 limits swap alone; Limits speaks of memory + swap like docker, so the
// swap share is the difference. Returns the memory.swap.max value, if any.
using Value = std::optional<std::string>;

sys::Result<Value> swap_value(const std::string& dir, const Limits& l,
                                                    Mode mode, Warnings& warnings) {
  bool accounted = cgfs::exists(dir, kSwapMax);
  if (l.memory_swap_bytes) {
    if (*l.memory_swap_bytes == -1) return accounted ? Value("max") : Value();
    std::string value = std::to_string(*l.memory_swap_bytes - *l.memory_bytes);
    if (!accounted) {
      return sys::Error::invalid("write \"" + value + "\" to", cgfs::join(dir, kSwapMax),
                                 "swap accounting is not available")
          .with_hint("boot the kernel with swapaccount=1 to limit swap");
    }
    return Value(value);
  }
  if (mode != Mode::create || !l.memory_bytes || *l.memory_bytes <= 0) return Value();
  if (!accounted) {
    warnings.push_back("swap accounting is not available: the memory limit does not bound swap use");
    return Value();
  }
  return Value(std::to_string(default_memory_swap(*l.memory_bytes) - *l.memory_bytes));
}

}  // namespace

sys::Status apply_memory(const std::string& dir, const Limits& l, Mode mode, Warnings& warnings) {
  if (l.memory_bytes) MOCKER_TRY(cgfs::write(dir, "memory.max", bytes_or_max(*l.memory_bytes)));
  if (l.memory_bytes || l.memory_swap_bytes) {
    auto swap = MOCKER_TRY(swap_value(dir, l, mode, warnings));
    if (swap) MOCKER_TRY(cgfs::write(dir, kSwapMax, *swap));
  }
  if (l.memory_reservation_bytes) {
    int64_t low = *l.memory_reservation_bytes < 0 ? 0 : *l.memory_reservation_bytes;
    MOCKER_TRY(cgfs::write(dir, "memory.low", std::to_string(low)));
  }
  return sys::ok();
}

sys::Status read_memory(const std::string& dir, Stats& stats) {
  uint64_t usage = MOCKER_TRY(cgfs::read_u64_or(dir, "memory.current", 0));
  uint64_t inactive = MOCKER_TRY(cgfs::read_keyed_or(dir, "memory.stat", "inactive_file", 0));
  stats.memory_usage_bytes = usage > inactive ? usage - inactive : usage;
  stats.memory_limit_bytes = MOCKER_TRY(cgfs::read_u64_or(dir, "memory.max", Stats::unlimited));
  stats.oom_kills = MOCKER_TRY(oom_kills(dir));
  return sys::ok();
}

std::string oom_counter_file(const std::string& dir) { return cgfs::join(dir, "memory.events"); }

sys::Result<uint64_t> oom_kills(const std::string& dir) {
  return cgfs::read_keyed_or(dir, "memory.events", "oom_kill", 0);
}

}  // namespace mocker::engine::cgroup::v2
