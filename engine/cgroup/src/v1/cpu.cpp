// cgroup v1 cpu (CFS quota and shares) and cpuacct (usage), which may be
// co-mounted as cpu,cpuacct or mounted apart.
#include "../cgroupfs.hpp"
#include "v1.hpp"

namespace mocker::engine::cgroup::v1 {

sys::Status apply_cpu(const std::string& dir, const Limits& l) {
  if (l.cpu_shares) MOCKER_TRY(cgfs::write(dir, "cpu.shares", std::to_string(*l.cpu_shares)));
  if (l.cpus) {
    // The period first: the quota is checked against it.
    MOCKER_TRY(cgfs::write(dir, "cpu.cfs_period_us", std::to_string(kCpuPeriodUs)));
    MOCKER_TRY(cgfs::write(dir, "cpu.cfs_quota_us", std::to_string(cpu_quota_us(*l.cpus))));
  }
  return sys::ok();
}

sys::Result<uint64_t> cpu_usage_ns(const std::string& cpuacct_dir) {
  return cgfs::read_u64_or(cpuacct_dir, "cpuacct.usage", 0);
}

}  // namespace mocker::engine::cgroup::v1
