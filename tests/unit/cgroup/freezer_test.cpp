// pause / unpause against a temp tree standing in for cgroupfs: which file is
// written on each version, how the state is read back, and the error when the
// freezer is not there. The tree's files keep what was written; the tests set
// the state the kernel would show before reading it.
#include "fake_cgroupfs.hpp"
#include "mountinfo_samples.hpp"

#include <mocker/cgroup/cgroup.hpp>

#include <gtest/gtest.h>

namespace cg = mocker::engine::cgroup;

namespace {

class Freezer : public ::testing::Test {
 protected:
  cg::Cgroup open(const char* mountinfo) {
    auto h = cg::Hierarchy::from_mountinfo(mountinfo, fs.root());
    EXPECT_TRUE(h) << h.error().render();
    return h->open("mocker/c1");
  }
  mocker::test::FakeCgroupfs fs;
};

const std::string kV1State = "sys/fs/cgroup/freezer/mocker/c1/freezer.state";
const std::string kV2Dir = "sys/fs/cgroup/mocker/c1";

TEST_F(Freezer, V1FreezeWritesFrozenAndThawWritesThawed) {
  fs.group("sys/fs/cgroup/freezer/mocker/c1", {{"freezer.state", ""}});
  auto g = open(mocker::test::kHybridMountinfo);
  ASSERT_TRUE(g.freeze()) << "freeze";
  EXPECT_EQ(fs.last(kV1State), "FROZEN");
  auto f = g.frozen();
  ASSERT_TRUE(f) << f.error().render();
  EXPECT_TRUE(*f);
  ASSERT_TRUE(g.thaw());
  EXPECT_EQ(fs.last(kV1State), "THAWED");
}

TEST_F(Freezer, V1StateReadsBack) {
  fs.group("sys/fs/cgroup/freezer/mocker/c1", {{"freezer.state", "THAWED\n"}});
  auto g = open(mocker::test::kHybridMountinfo);
  EXPECT_EQ(g.frozen().value(), false);
  fs.write(kV1State, "FREEZING\n");
  EXPECT_EQ(g.frozen().value(), true);
}

TEST_F(Freezer, V1WithoutTheFreezerControllerSaysSo) {
  // The co-mounted layout has no freezer hierarchy.
  auto g = open(mocker::test::kComountedMountinfo);
  auto st = g.freeze();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().render_long().find("freezer cgroup controller is not mounted"), std::string::npos)
      << st.error().render_long();
  EXPECT_FALSE(g.frozen());
}

TEST_F(Freezer, V2FreezeWritesCgroupFreezeAndWaitsForEvents) {
  // The kernel reports "frozen 1" once every task has stopped.
  fs.group(kV2Dir, {{"cgroup.freeze", ""}, {"cgroup.events", "populated 1\nfrozen 1\n"}});
  auto g = open(mocker::test::kUnifiedMountinfo);
  ASSERT_TRUE(g.freeze());
  EXPECT_EQ(fs.last(kV2Dir + "/cgroup.freeze"), "1");
  EXPECT_EQ(g.frozen().value(), true);
  ASSERT_TRUE(g.thaw());
  EXPECT_EQ(fs.last(kV2Dir + "/cgroup.freeze"), "0");
}

TEST_F(Freezer, V2FreezeThatNeverCompletesIsUndone) {
  fs.group(kV2Dir, {{"cgroup.freeze", ""}, {"cgroup.events", "populated 1\nfrozen 0\n"}});
  auto g = open(mocker::test::kUnifiedMountinfo);
  auto st = g.freeze();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().render_long().find("not frozen"), std::string::npos) << st.error().render_long();
  EXPECT_EQ(fs.last(kV2Dir + "/cgroup.freeze"), "0");
}

TEST_F(Freezer, MissingGroupIsAnError) {
  auto g = open(mocker::test::kHybridMountinfo);
  auto st = g.freeze();
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().render().find("freezer.state"), std::string::npos) << st.error().render();
}

}  // namespace
