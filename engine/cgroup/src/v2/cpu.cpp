// cgroup v2 cpu: cpu.max "quota period", cpu.weight, usage from cpu.stat.
#include "../cgroupfs.hpp"
#include "v2.hpp"

namespace mocker::engine::cgroup::v2 {

sys::Status apply_cpu(const std::string& dir, const Limits& l) {
  if (l.cpu_shares) MOCKER_TRY(cgfs::write(dir, "cpu.weight", std::to_string(shares_to_weight(*l.cpu_shares))));
  if (l.cpus) {
    int64_t quota = cpu_quota_us(*l.cpus);
    std::string value = (quota < 0 ? std::string("max") : std::to_string(quota)) + " " + std::to_string(kCpuPeriodUs);
    MOCKER_TRY(cgfs::write(dir, "cpu.max", value));
  }
  return sys::ok();
}

sys::Result<uint64_t> cpu_usage_ns(const std::string& dir) {
  uint64_t usec = MOCKER_TRY(cgfs::read_keyed_or(dir, "cpu.stat", "usage_usec", 0));
  return usec * 1000;
}

}  // namespace mocker::engine::cgroup::v2
