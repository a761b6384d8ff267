// cgroup v2 backend against a temp tree standing in for cgroupfs (see
// fake_cgroupfs.hpp): controller enabling down the tree, limit files, stats.
#include "fake_cgroupfs.hpp"
#include "mountinfo_samples.hpp"

#include <mocker/cgroup/cgroup.hpp>

#include <gtest/gtest.h>

namespace cg = mocker::engine::cgroup;
using cg::Limits;

namespace {

constexpr int64_t MiB = 1024 * 1024;
const std::string kRoot = "sys/fs/cgroup";

// The files a v2 group shows for the given controllers, with the kernel's defaults.
std::map<std::string, std::string> group_files(const std::string& controllers, bool swap) {
  std::map<std::string, std::string> f = {
      {"cgroup.controllers", controllers + "\n"}, {"cgroup.subtree_control", "\n"}, {"cgroup.procs", ""},
      {"cgroup.events", "populated 0\nfrozen 0\n"}, {"cgroup.freeze", "0\n"}, {"cgroup.kill", ""},
      {"cpu.stat", "usage_usec 0\nuser_usec 0\nsystem_usec 0\n"},
  };
  auto has = [&](const char* c) { return (" " + controllers + " ").find(std::string(" ") + c + " ") != std::string::npos; };
  if (has("memory")) {
    f["memory.max"] = "max\n";
    f["memory.low"] = "0\n";
    f["memory.current"] = "0\n";
    f["memory.stat"] = "anon 0\nfile 0\n";
    f["memory.events"] = "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n";
    if (swap) f["memory.swap.max"] = "max\n";
  }
  if (has("cpu")) f["cpu.max"] = "max 100000\n", f["cpu.weight"] = "100\n";
  if (has("pids")) f["pids.max"] = "max\n", f["pids.current"] = "0\n";
  if (has("cpuset")) f["cpuset.cpus"] = "\n", f["cpuset.mems"] = "\n";
  return f;
}

class V2 : public ::testing::Test {
 protected:
  void SetUp() override { populate("cpuset cpu io memory hugetlb pids rdma misc", "", true); }

  // Root, "mocker" and "mocker/c1"; below the root a group offers what its
  // parent enabled, which here is everything we want of what the root offers.
  void populate(const std::string& root_controllers, const std::string& root_enabled, bool swap) {
    std::filesystem::remove_all(fs.path("sys"));
    auto root = group_files(root_controllers, false);
    root["cgroup.subtree_control"] = root_enabled + "\n";
    fs.group(kRoot, root);
    std::string below;
    for (const char* c : {"cpuset", "cpu", "memory", "pids"}) {
      if ((" " + root_controllers + " ").find(std::string(" ") + c + " ") != std::string::npos)
        below += (below.empty() ? "" : " ") + std::string(c);
    }
    fs.group(kRoot + "/mocker", group_files(below, swap));
    fs.group(kRoot + "/mocker/c1", group_files(below, swap));
    auto h = cg::Hierarchy::from_mountinfo(mocker::test::kUnifiedMountinfo, fs.root());
    ASSERT_TRUE(h) << h.error().render();
    hierarchy.emplace(std::move(*h));
  }
  static std::string file(const std::string& name) { return kRoot + "/mocker/c1/" + name; }

  mocker::test::FakeCgroupfs fs;
  std::optional<cg::Hierarchy> hierarchy;
};

TEST_F(V2, EnablesWantedControllersInEveryAncestorButNotTheGroup) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  std::vector<std::string> expected = {"", "+cpuset", "+cpu", "+memory", "+pids"};
  EXPECT_EQ(fs.lines(kRoot + "/cgroup.subtree_control"), expected);
  EXPECT_EQ(fs.lines(kRoot + "/mocker/cgroup.subtree_control"), expected);
  EXPECT_EQ(fs.lines(file("cgroup.subtree_control")), std::vector<std::string>{""});
  EXPECT_TRUE(g->warnings().empty());
}

TEST_F(V2, EnablesOnlyWhatIsOfferedAndNotYetEnabled) {
  populate("cpu io memory", "memory io", true);
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  EXPECT_EQ(fs.lines(kRoot + "/cgroup.subtree_control"), (std::vector<std::string>{"memory io", "+cpu"}));
}

TEST_F(V2, LimitOfAMissingControllerFailsNamingFileAndValue) {
  populate("memory pids", "", true);
  auto g = hierarchy->create("mocker/c1", {.cpus = 0.5});
  ASSERT_FALSE(g);
  std::string text = g.error().render();
  EXPECT_NE(text.find("mocker/c1/cpu.max"), std::string::npos) << text;
  EXPECT_NE(text.find("\"50000 100000\""), std::string::npos) << text;
  EXPECT_NE(text.find("cpu controller is not enabled"), std::string::npos) << text;
}

struct WriteCase {
  const char* name;
  Limits limits;
  std::string file;
  std::string value;
};

class V2Writes : public V2, public ::testing::WithParamInterface<WriteCase> {};

TEST_P(V2Writes, WritesTheLimitFile) {
  const auto& c = GetParam();
  auto g = hierarchy->create("mocker/c1", c.limits);
  ASSERT_TRUE(g) << g.error().render();
  EXPECT_EQ(fs.last(file(c.file)), c.value);
}

INSTANTIATE_TEST_SUITE_P(
    Limits, V2Writes,
    ::testing::Values(
        WriteCase{"memory", {.memory_bytes = 64 * MiB}, "memory.max", "67108864"},
        WriteCase{"memory_unlimited", {.memory_bytes = -1}, "memory.max", "max"},
        // Docker's default memory + swap is twice the memory: as much swap as memory.
        WriteCase{"default_swap", {.memory_bytes = 64 * MiB}, "memory.swap.max", "67108864"},
        WriteCase{"explicit_swap", {.memory_bytes = 64 * MiB, .memory_swap_bytes = 96 * MiB}, "memory.swap.max",
                  "33554432"},
        WriteCase{"no_swap", {.memory_bytes = 64 * MiB, .memory_swap_bytes = 64 * MiB}, "memory.swap.max", "0"},
        WriteCase{"unlimited_swap", {.memory_bytes = 64 * MiB, .memory_swap_bytes = -1}, "memory.swap.max", "max"},
        WriteCase{"reservation", {.memory_reservation_bytes = 32 * MiB}, "memory.low", "33554432"},
        WriteCase{"cpus", {.cpus = 0.5}, "cpu.max", "50000 100000"},
        WriteCase{"cpus_two", {.cpus = 2.0}, "cpu.max", "200000 100000"},
        WriteCase{"cpus_zero_lifts_quota", {.cpus = 0.0}, "cpu.max", "max 100000"},
        WriteCase{"shares_default", {.cpu_shares = 1024}, "cpu.weight", "39"},
        WriteCase{"shares_min", {.cpu_shares = 2}, "cpu.weight", "1"},
        WriteCase{"shares_max", {.cpu_shares = 262144}, "cpu.weight", "10000"},
        WriteCase{"pids", {.pids_max = 50}, "pids.max", "50"},
        WriteCase{"pids_unlimited", {.pids_max = -1}, "pids.max", "max"},
        WriteCase{"cpuset_cpus", {.cpuset_cpus = "0-1"}, "cpuset.cpus", "0-1"},
        WriteCase{"cpuset_mems", {.cpuset_mems = "0"}, "cpuset.mems", "0"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(V2, WithoutSwapAccountingTheDefaultIsAWarningAndExplicitSwapFails) {
  populate("cpuset cpu memory pids", "", false);
  auto g = hierarchy->create("mocker/c1", {.memory_bytes = 64 * MiB});
  ASSERT_TRUE(g) << g.error().render();
  ASSERT_EQ(g->warnings().size(), 1u);
  EXPECT_NE(g->warnings()[0].find("swap"), std::string::npos);
  EXPECT_FALSE(fs.exists(file("memory.swap.max")));

  auto bad = hierarchy->create("mocker/c1", {.memory_bytes = 64 * MiB, .memory_swap_bytes = 96 * MiB});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().render().find("memory.swap.max"), std::string::npos) << bad.error().render();
}

TEST_F(V2, AddProcessWritesTheGroupsProcs) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g);
  ASSERT_TRUE(g->add_process(4242));
  EXPECT_EQ(fs.lines(file("cgroup.procs")), std::vector<std::string>{"4242"});
  EXPECT_EQ(g->dirs().size(), 1u);
  EXPECT_TRUE(g->self_join_files().empty());  // v2 processes are placed by the parent
}

TEST_F(V2, StatsAndOomCounterAreParsed) {
  fs.write(file("memory.current"), "10485760\n");
  fs.write(file("memory.stat"), "anon 4096\nfile 8192\ninactive_file 1048576\nactive_file 0\n");
  fs.write(file("memory.max"), "max\n");
  fs.write(file("memory.events"), "low 0\nhigh 0\nmax 12\noom 2\noom_kill 2\noom_group_kill 0\n");
  fs.write(file("cpu.stat"), "usage_usec 1500\nuser_usec 1000\nsystem_usec 500\n");
  fs.write(file("pids.current"), "4\n");
  auto g = hierarchy->open("mocker/c1");
  auto s = g.stats();
  ASSERT_TRUE(s) << s.error().render();
  EXPECT_EQ(s->memory_usage_bytes, 10485760u - 1048576u);
  EXPECT_EQ(s->memory_limit_bytes, cg::Stats::unlimited);
  EXPECT_EQ(s->cpu_usage_ns, 1500u * 1000u);
  EXPECT_EQ(s->pids_current, 4u);
  EXPECT_EQ(s->oom_kills, 2u);
  EXPECT_EQ(g.oom_counter_file(), fs.path(file("memory.events")));
}

TEST_F(V2, UpdateOfMemoryLeavesSwapAlone) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g);
  auto w = g->update({.memory_bytes = 128 * MiB});
  ASSERT_TRUE(w) << w.error().render();
  EXPECT_EQ(fs.lines(file("memory.max")), (std::vector<std::string>{"max", "134217728"}));
  EXPECT_EQ(fs.lines(file("memory.swap.max")), std::vector<std::string>{"max"});
}

TEST_F(V2, DestroyOfAMissingGroupSucceeds) {
  EXPECT_TRUE(hierarchy->open("mocker/never-made").destroy());
  EXPECT_TRUE(fs.exists(kRoot + "/mocker"));
}

}  // namespace
