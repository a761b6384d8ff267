// cgroup v1 memory: limit, memory + swap (memsw, only with swap accounting),
// soft limit, usage and the OOM kill counter.
#include "../cgroupfs.hpp"
#include "v1.hpp"

#include <cerrno>

namespace mocker::engine::cgroup::v1 {

namespace {

constexpr std::string_view kLimit = "memory.limit_in_bytes";
constexpr std::string_view kMemsw = "memory.memsw.limit_in_bytes";
constexpr std::string_view kSoft = "memory.soft_limit_in_bytes";

// The memory + swap total to write, if any: explicit, or docker's default on
// create when the kernel accounts swap.
using Bytes = std::optional<int64_t>;

sys::Result<Bytes> swap_total(const std::string& dir, const Limits& l, Mode mode,
                                               bool memsw, Warnings& warnings) {
  if (l.memory_swap_bytes) {
    if (*l.memory_swap_bytes == -1) return memsw ? l.memory_swap_bytes : Bytes();
    if (!memsw) {
      return sys::Error::invalid("write \"" + std::to_string(*l.memory_swap_bytes) + "\" to",
                                 cgfs::join(dir, kMemsw), "swap accounting is not available")
          .with_hint("boot the kernel with swapaccount=1 to limit memory + swap");
    }
    return Bytes(l.memory_swap_bytes);
  }
  if (mode != Mode::create || !l.memory_bytes || *l.memory_bytes <= 0) return Bytes();
  if (!memsw) {
    warnings.push_back("swap accounting is not available: the memory limit does not bound swap use");
    return Bytes();
  }
  return Bytes(default_memory_swap(*l.memory_bytes));
}

sys::Status write_limit(const std::string& dir, int64_t bytes, bool memsw) {
  auto st = cgfs::write(dir, kLimit, std::to_string(bytes));
  if (!st && st.error().err == EINVAL && memsw) {
    return std::move(st).error().with_hint(
        "the memory limit must not exceed the memory + swap limit: set memory_swap as well");
  }
  return st;
}

// The kernel keeps memsw >= limit at every moment, so when the total grows it
// goes first and when it shrinks it goes last.
sys::Status write_limits(const std::string& dir, std::optional<int64_t> memory,
                         std::optional<int64_t> swap, bool memsw) {
  if (!swap) return memory ? write_limit(dir, *memory, memsw) : sys::ok();
  uint64_t current = MOCKER_TRY(cgfs::read_u64_or(dir, kMemsw, Stats::unlimited));
  bool grows = *swap == -1 || (current != Stats::unlimited && current < static_cast<uint64_t>(*swap));
  if (grows) MOCKER_TRY(cgfs::write(dir, kMemsw, std::to_string(*swap)));
  if (memory) MOCKER_TRY(write_limit(dir, *memory, memsw));
  if (!grows) MOCKER_TRY(cgfs::write(dir, kMemsw, std::to_string(*swap)));
  return sys::ok();
}

// The error for the first requested value, naming its file.
sys::Status not_mounted(const Limits& l) {
  if (l.memory_bytes) return cgfs::write({}, kLimit, std::to_string(*l.memory_bytes));
  if (l.memory_swap_bytes) return cgfs::write({}, kMemsw, std::to_string(*l.memory_swap_bytes));
  return cgfs::write({}, kSoft, std::to_string(l.memory_reservation_bytes.value_or(-1)));
}

}  // namespace

sys::Status apply_memory(const std::string& dir, const Limits& l, Mode mode, Warnings& warnings) {
  if (!l.memory_bytes && !l.memory_swap_bytes && !l.memory_reservation_bytes) return sys::ok();
  if (dir.empty()) return not_mounted(l);
  bool memsw = cgfs::exists(dir, kMemsw);
  auto swap = MOCKER_TRY(swap_total(dir, l, mode, memsw, warnings));
  MOCKER_TRY(write_limits(dir, l.memory_bytes, swap, memsw));
  if (l.memory_reservation_bytes) {
    MOCKER_TRY(cgfs::write(dir, kSoft, std::to_string(*l.memory_reservation_bytes)));
  }
  return sys::ok();
}

sys::Status read_memory(const std::string& dir, Stats& stats) {
  if (dir.empty()) return sys::ok();
  uint64_t usage = MOCKER_TRY(cgfs::read_u64_or(dir, "memory.usage_in_bytes", 0));
  uint64_t inactive = MOCKER_TRY(cgfs::read_keyed_or(dir, "memory.stat", "total_inactive_file", 0));
  stats.memory_usage_bytes = usage > inactive ? usage - inactive : usage;
  stats.memory_limit_bytes = MOCKER_TRY(cgfs::read_u64_or(dir, kLimit, Stats::unlimited));
  stats.oom_kills = MOCKER_TRY(oom_kills(dir));
  return sys::ok();
}

std::string oom_counter_file(const std::string& dir) {
  return dir.empty() ? std::string() : cgfs::join(dir, "memory.oom_control");
}

sys::Result<uint64_t> oom_kills(const std::string& dir) {
  return cgfs::read_keyed_or(dir, "memory.oom_control", "oom_kill", 0);
}

}  // namespace mocker::engine::cgroup::v1
