#include <mocker/cgroup/limits.hpp>

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace mocker::engine::cgroup {

namespace {

sys::Error bad(std::string field, std::string message) {
  return sys::Error::invalid("check cgroup limit", std::move(field), std::move(message));
}

// "0-3,5": comma-separated numbers and ranges, as the kernel's cpulist parser takes.
bool is_cpu_list(const std::string& s) {
  if (s.empty()) return false;
  bool need_digit = true;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      need_digit = false;
    } else if ((c == '-' || c == ',') && !need_digit) {
      need_digit = true;
    } else {
      return false;
    }
  }
  return !need_digit;
}

sys::Status check_memory(const Limits& l) {
  if (l.memory_bytes && *l.memory_bytes != -1 && *l.memory_bytes < kMinMemoryBytes) {
    return bad("memory", "minimum memory limit is 6 MiB, got " + std::to_string(*l.memory_bytes));
  }
  if (l.memory_swap_bytes && *l.memory_swap_bytes != -1) {
    if (!l.memory_bytes) return bad("memory_swap", "set the memory limit too when limiting memory + swap");
    if (*l.memory_bytes == -1 || *l.memory_swap_bytes < *l.memory_bytes) {
      return bad("memory_swap", "memory + swap limit (" + std::to_string(*l.memory_swap_bytes) +
                                    ") must not be below the memory limit");
    }
  }
  if (l.memory_reservation_bytes) {
    int64_t r = *l.memory_reservation_bytes;
    if (r != -1 && r < 0) return bad("memory_reservation", "must be -1 or positive, got " + std::to_string(r));
    if (r > 0 && l.memory_bytes && *l.memory_bytes > 0 && r > *l.memory_bytes) {
      return bad("memory_reservation", "must not exceed the memory limit");
    }
  }
  return sys::ok();
}

std::string two_places(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

sys::Status check_cpu(const Limits& l, int host_cpus) {
  if (l.cpus && *l.cpus != 0) {
    double cpus = *l.cpus;
    bool in_range = std::isfinite(cpus) && cpus > 0 && cpu_quota_us(cpus) >= 1000 &&
                    (host_cpus <= 0 || cpus <= static_cast<double>(host_cpus));
    if (!in_range) {
      std::string got = std::isfinite(cpus) ? two_places(cpus) : "not a number";
      if (host_cpus <= 0) return bad("cpus", "must be at least 0.01, got " + got);
      return bad("cpus", "range of CPUs is from 0.01 to " + two_places(host_cpus) + ", as there " +
                             (host_cpus == 1 ? "is only 1 CPU" : "are only " + std::to_string(host_cpus) + " CPUs") +
                             " available; got " + got);
    }
  }
  if (l.cpu_shares && (*l.cpu_shares < 2 || *l.cpu_shares > 262144)) {
    return bad("cpu_shares", "must be between 2 and 262144, got " + std::to_string(*l.cpu_shares));
  }
  if (l.cpuset_cpus && !is_cpu_list(*l.cpuset_cpus)) {
    return bad("cpuset_cpus", "expected a list like 0-3,5, got \"" + *l.cpuset_cpus + "\"");
  }
  if (l.cpuset_mems && !is_cpu_list(*l.cpuset_mems)) {
    return bad("cpuset_mems", "expected a list like 0-1, got \"" + *l.cpuset_mems + "\"");
  }
  return sys::ok();
}

}  // namespace

sys::Status validate(const Limits& limits, int host_cpus) {
  MOCKER_TRY(check_memory(limits));
  MOCKER_TRY(check_cpu(limits, host_cpus));
  return sys::ok();
}

sys::Status validate(const Limits& limits) {
  return validate(limits, static_cast<int>(::sysconf(_SC_NPROCESSORS_ONLN)));
}

int64_t cpu_quota_us(double cpus) {
  if (cpus <= 0) return -1;
  // Rounded to nearest by hand (cpus > 0): std::llround is the one libm call
  // of the engine, and the resident supervisor is linked without libm.
  return static_cast<int64_t>(cpus * static_cast<double>(kCpuPeriodUs) + 0.5);
}

uint64_t shares_to_weight(uint64_t shares) {
  // Linear map of [2, 262144] onto [1, 10000], the same as runc and crun use.
  if (shares < 2) shares = 2;
  if (shares > 262144) shares = 262144;
  return 1 + ((shares - 2) * 9999) / 262142;
}

int64_t default_memory_swap(int64_t memory_bytes) { return memory_bytes > 0 ? 2 * memory_bytes : -1; }

}  // namespace mocker::engine::cgroup
