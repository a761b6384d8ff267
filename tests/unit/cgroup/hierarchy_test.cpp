// Detection of the host's cgroup layout from mountinfo, and group paths.
#include "mountinfo_samples.hpp"

#include <mocker/cgroup/cgroup.hpp>

#include <gtest/gtest.h>

namespace cg = mocker::engine::cgroup;
using cg::Controller;
using cg::Hierarchy;
using cg::Version;

namespace {


struct LayoutCase {
  const char* name;
  const char* mountinfo;
  Version version;
  std::map<Controller, std::string> roots;
};

class Detection : public ::testing::TestWithParam<LayoutCase> {};

TEST_P(Detection, FindsVersionAndEveryControllerRoot) {
  const auto& c = GetParam();
  auto h = Hierarchy::from_mountinfo(c.mountinfo, "/fake");
  ASSERT_TRUE(h) << h.error().render();
  EXPECT_EQ(h->version(), c.version);
  EXPECT_EQ(h->roots(), c.roots);
}

const std::string kV2Root = "/fake/sys/fs/cgroup";

INSTANTIATE_TEST_SUITE_P(
    Layouts, Detection,
    ::testing::Values(
        LayoutCase{"hybrid",
                   mocker::test::kHybridMountinfo,
                   Version::v1,
                   {{Controller::memory, "/fake/sys/fs/cgroup/memory"},
                    {Controller::cpu, "/fake/sys/fs/cgroup/cpu"},
                    {Controller::cpuacct, "/fake/sys/fs/cgroup/cpuacct"},
                    {Controller::cpuset, "/fake/sys/fs/cgroup/cpuset"},
                    {Controller::pids, "/fake/sys/fs/cgroup/pids"},
                    {Controller::freezer, "/fake/sys/fs/cgroup/freezer"},
                    {Controller::devices, "/fake/sys/fs/cgroup/devices"}}},
        LayoutCase{"comounted",
                   mocker::test::kComountedMountinfo,
                   Version::v1,
                   {{Controller::memory, "/fake/sys/fs/cgroup/memory"},
                    {Controller::cpu, "/fake/sys/fs/cgroup/cpu,cpuacct"},
                    {Controller::cpuacct, "/fake/sys/fs/cgroup/cpu,cpuacct"},
                    {Controller::pids, "/fake/sys/fs/cgroup/pids"}}},
        LayoutCase{"unified",
                   mocker::test::kUnifiedMountinfo,
                   Version::v2,
                   {{Controller::memory, kV2Root},
                    {Controller::cpu, kV2Root},
                    {Controller::cpuacct, kV2Root},
                    {Controller::cpuset, kV2Root},
                    {Controller::pids, kV2Root},
                    {Controller::freezer, kV2Root},
                    {Controller::devices, kV2Root}}},
        LayoutCase{"escaped mount point",
                   "40 31 0:39 / /mnt/my\\040cgroups rw - cgroup cgroup rw,pids\n",
                   Version::v1,
                   {{Controller::pids, "/fake/mnt/my cgroups"}}}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (auto& ch : n) if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(Detection, HybridIgnoresTheUnifiedMount) {
  auto h = Hierarchy::from_mountinfo(mocker::test::kHybridMountinfo);
  ASSERT_TRUE(h);
  for (const auto& [c, root] : h->roots()) EXPECT_NE(root, "/sys/fs/cgroup/unified") << cg::controller_name(c);
}

TEST(Detection, NoCgroupMountIsAnError) {
  auto h = Hierarchy::from_mountinfo("22 1 259:2 / / rw - ext4 /dev/sda1 rw\n");
  ASSERT_FALSE(h);
  EXPECT_NE(h.error().render().find("no cgroup or cgroup2 filesystem is mounted"), std::string::npos);
  EXPECT_FALSE(h.error().hint.empty());
}

TEST(Open, NormalizesThePathWithoutIo) {
  auto h = Hierarchy::from_mountinfo(mocker::test::kComountedMountinfo, "/nonexistent");
  ASSERT_TRUE(h);
  auto g = h->open("/mocker//abc/");
  EXPECT_EQ(g.path(), "mocker/abc");
  EXPECT_EQ(g.dir(Controller::cpu), "/nonexistent/sys/fs/cgroup/cpu,cpuacct/mocker/abc");
  EXPECT_EQ(g.dir(Controller::cpu), g.dir(Controller::cpuacct));
  EXPECT_EQ(g.dir(Controller::freezer), "");
  EXPECT_EQ(g.dirs().size(), 3u);  // cpu,cpuacct + memory + pids
}

TEST(Open, RefusesTheRootAndPathsLeavingIt) {
  auto h = Hierarchy::from_mountinfo(mocker::test::kHybridMountinfo, "/nonexistent");
  ASSERT_TRUE(h);
  for (const char* bad : {"", "/", "mocker/..", "../etc", "./x"}) {
    auto g = h->open(bad);
    EXPECT_TRUE(g.dirs().empty()) << bad;
    EXPECT_FALSE(g.kill_all()) << bad;
    EXPECT_FALSE(g.destroy()) << bad;
    EXPECT_FALSE(g.add_process(1)) << bad;
    EXPECT_FALSE(h->create(bad, {})) << bad;
  }
}

}  // namespace
