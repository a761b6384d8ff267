// /sys/fs/cgroup inside a container: the container's own cgroup as the root
// of each hierarchy (cgroup namespace), its limits visible, and read-only.
#include "cli_fixture.hpp"

using mocker::test::CliTest;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_F(CliTest, SysFsCgroupShowsTheContainersOwnLimitsReadOnly) {
  // v1 (and hybrid) hosts have memory/memory.limit_in_bytes, pure v2 memory.max.
  auto r = cli("run --rm -m 48m --pids-limit 77 busybox sh -c '"
               "cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max 2>/dev/null; "
               "cat /sys/fs/cgroup/pids/pids.max /sys/fs/cgroup/pids.max 2>/dev/null; "
               "grep -c \":/$\" /proc/self/cgroup; grep -vc \":/$\" /proc/self/cgroup; "
               "mkdir /sys/fs/cgroup/intruder 2>/dev/null && echo wrote-root; "
               "mkdir /sys/fs/cgroup/pids/intruder /sys/fs/cgroup/intruder2 2>/dev/null && echo wrote-group; "
               "echo done'");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(has(r.output, "50331648\n")) << "the memory limit, seen from inside: " << r.output;
  EXPECT_TRUE(has(r.output, "77\n")) << "the pids limit, seen from inside: " << r.output;
  EXPECT_TRUE(has(r.output, "\n0\ndone\n")) << "every line of /proc/self/cgroup is the namespace's root: " << r.output;
  EXPECT_FALSE(has(r.output, "wrote")) << "read-only: " << r.output;
  expect_no_containers();
}
