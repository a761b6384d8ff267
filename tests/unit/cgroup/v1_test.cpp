// cgroup v1 backend against a temp tree standing in for cgroupfs (see
// fake_cgroupfs.hpp): which files get which values, cpuset inheritance, the
// device list, stats and OOM parsing, and teardown of missing groups.
#include "fake_cgroupfs.hpp"
#include "mountinfo_samples.hpp"

#include <mocker/cgroup/cgroup.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace cg = mocker::engine::cgroup;
using cg::Controller;
using cg::Limits;

namespace {

constexpr int64_t MiB = 1024 * 1024;

// The files a v1 group of each hierarchy shows, as the kernel makes them.
const std::string kUnlimited = "9223372036854771712\n";  // v1 prints "no limit" as this

// The files a v1 group of each hierarchy shows, with the kernel's defaults.
std::map<std::string, std::map<std::string, std::string>> v1_files(bool memsw) {
  std::map<std::string, std::map<std::string, std::string>> f = {
      {"memory",
       {{"memory.limit_in_bytes", kUnlimited}, {"memory.soft_limit_in_bytes", kUnlimited},
        {"memory.usage_in_bytes", "0\n"}, {"memory.stat", "cache 0\n"},
        {"memory.oom_control", "oom_kill_disable 0\nunder_oom 0\noom_kill 0\n"}}},
      {"cpu", {{"cpu.shares", "1024\n"}, {"cpu.cfs_period_us", "100000\n"}, {"cpu.cfs_quota_us", "-1\n"}}},
      {"cpuacct", {{"cpuacct.usage", "0\n"}}},
      {"cpuset", {{"cpuset.cpus", "\n"}, {"cpuset.mems", "\n"}}},
      {"pids", {{"pids.max", "max\n"}, {"pids.current", "0\n"}}},
      {"freezer", {{"freezer.state", "THAWED\n"}}},
      {"devices", {{"devices.allow", ""}, {"devices.deny", ""}}},
  };
  if (memsw) f["memory"]["memory.memsw.limit_in_bytes"] = kUnlimited;
  for (auto& [hierarchy, files] : f) files["cgroup.procs"] = "";
  return f;
}

class V1 : public ::testing::Test {
 protected:
  void SetUp() override { populate(true); }

  // The roots and the groups "mocker" and "mocker/c1" in every hierarchy of the
  // hybrid layout; the root cpuset spans cpus 0-1 and node 0.
  void populate(bool memsw) {
    for (const auto& [hierarchy, files] : v1_files(memsw)) {
      for (const char* level : {"", "/mocker", "/mocker/c1"}) fs.group(base(hierarchy) + level, files);
    }
    fs.write(base("cpuset") + "/cpuset.cpus", "0-1\n");
    fs.write(base("cpuset") + "/cpuset.mems", "0\n");
    auto h = cg::Hierarchy::from_mountinfo(mocker::test::kHybridMountinfo, fs.root());
    ASSERT_TRUE(h) << h.error().render();
    hierarchy.emplace(std::move(*h));
  }
  static std::string base(const std::string& hierarchy) { return "sys/fs/cgroup/" + hierarchy; }
  static std::string file(const std::string& hierarchy, const std::string& name) {
    return base(hierarchy) + "/mocker/c1/" + name;
  }

  mocker::test::FakeCgroupfs fs;
  std::optional<cg::Hierarchy> hierarchy;
};

struct WriteCase {
  const char* name;
  Limits limits;
  std::string hierarchy;
  std::string file;
  std::string value;
};

class V1Writes : public V1, public ::testing::WithParamInterface<WriteCase> {};

TEST_P(V1Writes, WritesTheLimitFile) {
  const auto& c = GetParam();
  auto g = hierarchy->create("mocker/c1", c.limits);
  ASSERT_TRUE(g) << g.error().render();
  EXPECT_EQ(fs.last(file(c.hierarchy, c.file)), c.value);
}

INSTANTIATE_TEST_SUITE_P(
    Limits, V1Writes,
    ::testing::Values(
        WriteCase{"memory", {.memory_bytes = 64 * MiB}, "memory", "memory.limit_in_bytes", "67108864"},
        WriteCase{"default_swap_doubles", {.memory_bytes = 64 * MiB}, "memory", "memory.memsw.limit_in_bytes",
                  "134217728"},
        WriteCase{"explicit_swap", {.memory_bytes = 64 * MiB, .memory_swap_bytes = 96 * MiB}, "memory",
                  "memory.memsw.limit_in_bytes", "100663296"},
        WriteCase{"unlimited_swap", {.memory_bytes = 64 * MiB, .memory_swap_bytes = -1}, "memory",
                  "memory.memsw.limit_in_bytes", "-1"},
        WriteCase{"reservation", {.memory_reservation_bytes = 32 * MiB}, "memory", "memory.soft_limit_in_bytes",
                  "33554432"},
        WriteCase{"cpus_quota", {.cpus = 0.5}, "cpu", "cpu.cfs_quota_us", "50000"},
        WriteCase{"cpus_period", {.cpus = 0.5}, "cpu", "cpu.cfs_period_us", "100000"},
        WriteCase{"cpus_above_one", {.cpus = 1.5}, "cpu", "cpu.cfs_quota_us", "150000"},
        WriteCase{"cpus_zero_lifts_quota", {.cpus = 0.0}, "cpu", "cpu.cfs_quota_us", "-1"},
        WriteCase{"shares", {.cpu_shares = 512}, "cpu", "cpu.shares", "512"},
        WriteCase{"pids", {.pids_max = 50}, "pids", "pids.max", "50"},
        WriteCase{"pids_unlimited", {.pids_max = 0}, "pids", "pids.max", "max"},
        WriteCase{"cpuset_cpus", {.cpuset_cpus = "1"}, "cpuset", "cpuset.cpus", "1"},
        WriteCase{"cpuset_mems", {.cpuset_mems = "0"}, "cpuset", "cpuset.mems", "0"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST_F(V1, NoLimitsWritesNoLimitFile) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  for (const auto& [h, name] : std::vector<std::pair<std::string, std::string>>{
           {"memory", "memory.limit_in_bytes"}, {"memory", "memory.memsw.limit_in_bytes"},
           {"memory", "memory.soft_limit_in_bytes"}, {"cpu", "cpu.cfs_quota_us"}, {"cpu", "cpu.shares"},
           {"pids", "pids.max"}})
    EXPECT_EQ(fs.lines(file(h, name)).size(), 1u) << name;  // the kernel's default only
  EXPECT_TRUE(g->warnings().empty());
}

TEST_F(V1, CpusetIsCopiedFromTheParentIntoEveryEmptyLevel) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  for (const char* level : {"/mocker", "/mocker/c1"}) {
    EXPECT_EQ(fs.lines(base("cpuset") + level + "/cpuset.cpus"), (std::vector<std::string>{"", "0-1"})) << level;
    EXPECT_EQ(fs.lines(base("cpuset") + level + "/cpuset.mems"), (std::vector<std::string>{"", "0"})) << level;
  }
}

TEST_F(V1, CpusetOfAnExistingParentIsKept) {
  fs.write(base("cpuset") + "/mocker/cpuset.cpus", "1\n");
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  EXPECT_EQ(fs.lines(base("cpuset") + "/mocker/cpuset.cpus"), std::vector<std::string>{"1"});
  EXPECT_EQ(fs.lines(file("cpuset", "cpuset.cpus")), (std::vector<std::string>{"", "1"}));
}

TEST_F(V1, DevicesDenyAllThenAllowDockersDefaults) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  EXPECT_EQ(fs.lines(file("devices", "devices.deny")), std::vector<std::string>{"a"});
  auto allowed = fs.lines(file("devices", "devices.allow"));
  for (const char* rule : {"c *:* m", "b *:* m", "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
                           "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm"})
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), rule), allowed.end()) << rule;
  // No block device may be read or written.
  for (const auto& rule : allowed) EXPECT_FALSE(rule.starts_with("b ") && rule != "b *:* m") << rule;
  EXPECT_EQ(allowed.size(), 11u);
}

TEST_F(V1, WithoutSwapAccountingTheDefaultIsAWarning) {
  std::filesystem::remove_all(fs.path("sys"));
  populate(false);
  auto g = hierarchy->create("mocker/c1", {.memory_bytes = 64 * MiB});
  ASSERT_TRUE(g) << g.error().render();
  EXPECT_EQ(fs.last(file("memory", "memory.limit_in_bytes")), "67108864");
  EXPECT_FALSE(fs.exists(file("memory", "memory.memsw.limit_in_bytes")));
  ASSERT_EQ(g->warnings().size(), 1u);
  EXPECT_NE(g->warnings()[0].find("swap"), std::string::npos);
}

TEST_F(V1, WithoutSwapAccountingAnExplicitSwapLimitFails) {
  std::filesystem::remove_all(fs.path("sys"));
  populate(false);
  auto g = hierarchy->create("mocker/c1", {.memory_bytes = 64 * MiB, .memory_swap_bytes = 96 * MiB});
  ASSERT_FALSE(g);
  std::string text = g.error().render();
  EXPECT_NE(text.find("memory.memsw.limit_in_bytes"), std::string::npos) << text;
  EXPECT_NE(text.find("\"100663296\""), std::string::npos) << text;
}

TEST_F(V1, AddProcessWritesEveryHierarchyOnce) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  ASSERT_TRUE(g->add_process(4242));
  for (const char* h : {"memory", "cpu", "cpuacct", "cpuset", "pids", "freezer", "devices"})
    EXPECT_EQ(fs.lines(file(h, "cgroup.procs")), std::vector<std::string>{"4242"}) << h;
  auto pids = g->pids();
  ASSERT_TRUE(pids) << pids.error().render();
  EXPECT_EQ(*pids, std::vector<pid_t>{4242});
}

TEST_F(V1, SelfJoinFilesAreTheTasksFileOfEveryHierarchy) {
  auto g = hierarchy->open("mocker/c1");
  std::vector<std::string> want;
  for (const auto& d : g.dirs()) want.push_back(d + "/tasks");
  EXPECT_EQ(g.self_join_files(), want);
  EXPECT_EQ(want.size(), 7u);
}

TEST_F(V1, StatsAndOomCounterAreParsed) {
  fs.write(file("memory", "memory.usage_in_bytes"), "10485760\n");
  fs.write(file("memory", "memory.stat"), "cache 8192\ninactive_file 4096\ntotal_inactive_file 1048576\n");
  fs.write(file("memory", "memory.limit_in_bytes"), "67108864\n");
  fs.write(file("memory", "memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 3\n");
  fs.write(file("cpuacct", "cpuacct.usage"), "123456789\n");
  fs.write(file("pids", "pids.current"), "7\n");
  auto s = hierarchy->open("mocker/c1").stats();
  ASSERT_TRUE(s) << s.error().render();
  EXPECT_EQ(s->memory_usage_bytes, 10485760u - 1048576u);
  EXPECT_EQ(s->memory_limit_bytes, 67108864u);
  EXPECT_EQ(s->cpu_usage_ns, 123456789u);
  EXPECT_EQ(s->pids_current, 7u);
  EXPECT_EQ(s->oom_kills, 3u);
}

TEST_F(V1, TheKernelsUnlimitedReadsAsUnlimited) {
  fs.write(file("memory", "memory.limit_in_bytes"), "9223372036854771712\n");
  auto s = hierarchy->open("mocker/c1").stats();
  ASSERT_TRUE(s) << s.error().render();
  EXPECT_EQ(s->memory_limit_bytes, cg::Stats::unlimited);
}

TEST_F(V1, OomCounterFileIsMemoryOomControl) {
  auto g = hierarchy->open("mocker/c1");
  EXPECT_EQ(g.oom_counter_file(), fs.path(file("memory", "memory.oom_control")));
  fs.write(file("memory", "memory.oom_control"), "oom_kill_disable 0\nunder_oom 1\noom_kill 1\n");
  auto n = g.oom_kills();
  ASSERT_TRUE(n) << n.error().render();
  EXPECT_EQ(*n, 1u);
}

TEST_F(V1, UpdateWritesOnlyWhatIsSetAndNoDefaults) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g);
  auto w = g->update({.memory_bytes = 128 * MiB, .pids_max = 10});
  ASSERT_TRUE(w) << w.error().render();
  EXPECT_EQ(fs.last(file("memory", "memory.limit_in_bytes")), "134217728");
  EXPECT_EQ(fs.lines(file("memory", "memory.memsw.limit_in_bytes")).size(), 1u);
  EXPECT_EQ(fs.last(file("pids", "pids.max")), "10");
  EXPECT_EQ(fs.lines(file("cpu", "cpu.cfs_quota_us")), std::vector<std::string>{"-1"});
}

TEST_F(V1, InvalidLimitsAreRejectedBeforeAnyWrite) {
  auto g = hierarchy->create("mocker/c1", {.memory_bytes = 64 * MiB, .memory_swap_bytes = 32 * MiB});
  ASSERT_FALSE(g);
  EXPECT_EQ(fs.lines(file("memory", "memory.limit_in_bytes")).size(), 1u);
}

TEST_F(V1, StatsOfAMissingGroupIsAnError) {
  auto s = hierarchy->open("mocker/gone").stats();
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().err, ENOENT);
}

// A layout with only some hierarchies, and groups the test does not populate:
// create has to make the directories itself.
class V1Partial : public ::testing::Test {
 protected:
  void SetUp() override {
    fs.group("cg/pids", {});
    fs.group("cg/memory", {});
    std::string mountinfo = "40 31 0:36 / /cg/pids rw - cgroup cgroup rw,pids\n"
                            "41 31 0:37 / /cg/memory rw - cgroup cgroup rw,memory\n";
    auto h = cg::Hierarchy::from_mountinfo(mountinfo, fs.root());
    ASSERT_TRUE(h) << h.error().render();
    hierarchy.emplace(std::move(*h));
  }
  mocker::test::FakeCgroupfs fs;
  std::optional<cg::Hierarchy> hierarchy;
};

TEST_F(V1Partial, CreateMakesParentsAndWarnsAboutMissingDevicesController) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  EXPECT_TRUE(fs.exists("cg/pids/mocker/c1"));
  EXPECT_TRUE(fs.exists("cg/memory/mocker/c1"));
  ASSERT_EQ(g->warnings().size(), 1u);
  EXPECT_NE(g->warnings()[0].find("devices"), std::string::npos);
  // Again: idempotent.
  EXPECT_TRUE(hierarchy->create("mocker/c1", {}));
}

TEST_F(V1Partial, LimitOfAnUnmountedControllerFailsNamingFileAndValue) {
  auto g = hierarchy->create("mocker/c1", {.cpus = 0.5});
  ASSERT_FALSE(g);
  std::string text = g.error().render();
  EXPECT_NE(text.find("cpu.cfs_period_us"), std::string::npos) << text;
  EXPECT_NE(text.find("\"100000\""), std::string::npos) << text;
  EXPECT_NE(text.find("cpu controller is not mounted"), std::string::npos) << text;
}

TEST_F(V1Partial, FailedCreateRemovesTheGroupButKeepsTheParent) {
  // The made directories are empty, so pids.max is missing: a refused write.
  auto g = hierarchy->create("mocker/c1", {.pids_max = 50});
  ASSERT_FALSE(g);
  std::string text = g.error().render();
  EXPECT_NE(text.find("pids.max"), std::string::npos) << text;
  EXPECT_NE(text.find("\"50\""), std::string::npos) << text;
  EXPECT_FALSE(fs.exists("cg/pids/mocker/c1"));
  EXPECT_FALSE(fs.exists("cg/memory/mocker/c1"));
  EXPECT_TRUE(fs.exists("cg/pids/mocker"));
}

TEST_F(V1Partial, DestroyRemovesTheGroupAndKeepsTheParent) {
  auto g = hierarchy->create("mocker/c1", {});
  ASSERT_TRUE(g) << g.error().render();
  std::filesystem::create_directories(fs.path("cg/pids/mocker/c1/sub"));
  auto st = g->destroy();
  ASSERT_TRUE(st) << st.error().render();
  EXPECT_FALSE(fs.exists("cg/pids/mocker/c1"));
  EXPECT_FALSE(fs.exists("cg/memory/mocker/c1"));
  EXPECT_TRUE(fs.exists("cg/pids/mocker"));
}

TEST_F(V1Partial, DestroyOfMissingDirectoriesSucceeds) {
  auto g = hierarchy->open("mocker/never-made");
  EXPECT_TRUE(g.destroy());
  // Half made: only one hierarchy has it.
  std::filesystem::create_directories(fs.path("cg/memory/mocker/half"));
  auto half = hierarchy->open("mocker/half");
  auto st = half.destroy();
  EXPECT_TRUE(st) << st.error().render();
  EXPECT_FALSE(fs.exists("cg/memory/mocker/half"));
  EXPECT_TRUE(half.destroy());
}

}  // namespace
