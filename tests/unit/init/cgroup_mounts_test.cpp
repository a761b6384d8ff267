#include <mocker/init/cgroup_mounts.hpp>

#include <gtest/gtest.h>

namespace init = mocker::engine::init;

namespace {

const char* kHybrid =
    "23 1 0:21 / /sys rw,nosuid - sysfs sysfs rw\n"
    "31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
    "32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:7 - cgroup cgroup rw,cpu,cpuacct\n"
    "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
    "40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd,release_agent=/x\n"
    "41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n"
    "50 23 0:40 / /mnt/elsewhere rw - cgroup cgroup rw,pids\n";

}  // namespace

TEST(CgroupMounts, HybridHostGivesEachHierarchyWithItsOptions) {
  auto m = init::cgroup_mounts(kHybrid);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m[0].name, "cpu,cpuacct");
  EXPECT_EQ(m[0].type, "cgroup");
  ASSERT_EQ(m[0].parameters.size(), 2u);
  EXPECT_EQ(m[0].parameters[0], (std::pair<std::string, std::string>{"cpu", ""}));
  EXPECT_EQ(m[0].parameters[1], (std::pair<std::string, std::string>{"cpuacct", ""}));
  EXPECT_EQ(m[1].name, "memory");
  ASSERT_EQ(m[2].parameters.size(), 2u) << "release_agent is not for a namespace to set";
  EXPECT_EQ(m[2].parameters[1], (std::pair<std::string, std::string>{"name", "systemd"}));
  EXPECT_EQ(m[3].name, "unified");
  EXPECT_EQ(m[3].type, "cgroup2");
  EXPECT_TRUE(m[3].parameters.empty());
}

TEST(CgroupMounts, PureV2IsTheRootItself) {
  auto m = init::cgroup_mounts("30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].name, "");
  EXPECT_EQ(m[0].type, "cgroup2");
}

TEST(CgroupMounts, AliasesOfACoMountedHierarchy) {
  auto m = init::cgroup_mounts(kHybrid);
  EXPECT_EQ(init::cgroup_aliases(m[0]), (std::vector<std::string>{"cpu", "cpuacct"}));
  EXPECT_TRUE(init::cgroup_aliases(m[1]).empty());
  EXPECT_TRUE(init::cgroup_aliases(m[3]).empty());
}
