// cgroup limits seen from a running container (real v1 here, v2 elsewhere).
#include "container_fixture.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <csignal>
#include <sstream>

using mocker::test::ContainerTest;
using mocker::engine::container::Status;

TEST_F(ContainerTest, MemoryLimitOomKillsAndSaysSo) {
  auto o = options({"mocker-probe", "alloc", "256"});
  o.limits.memory_bytes = 64LL << 20;
  auto c = run_to_end(o);
  EXPECT_EQ(c.state.status, Status::exited);
  EXPECT_TRUE(c.state.oom_killed);
  EXPECT_EQ(c.state.exit_code, 137);
  // The host and other containers are fine.
  auto after = run_to_end(options({"echo", "still fine"}));
  EXPECT_EQ(stdout_of(after.id), "still fine\n");
}

TEST_F(ContainerTest, PidsLimitCapsForkBomb) {
  auto o = options({"mocker-probe", "fork-bomb", "200"});
  o.limits.pids_max = 50;
  auto c = run_to_end(o);
  auto report = nlohmann::json::parse(stdout_of(c.id), nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << stdout_of(c.id);
  int held = report.value("max_alive", -1);
  EXPECT_GT(held, 10) << "the fork loop should get well along";
  EXPECT_LE(held + 2, 50) << "init + probe + children never exceed 50 tasks";
}

TEST_F(ContainerTest, CpuQuotaHoldsNearHalfACore) {
  auto o = options({"mocker-probe", "spin", "4"});
  o.limits.cpus = 0.5;
  auto c = start(o);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  auto s0 = engine().containers().stats(c.id);
  auto t0 = std::chrono::steady_clock::now();
  std::this_thread::sleep_for(std::chrono::seconds(2));
  auto s1 = engine().containers().stats(c.id);
  auto wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(s0 && s1);
  double share = static_cast<double>(s1->cpu_usage_ns - s0->cpu_usage_ns) / 1e9 / wall;
  EXPECT_GT(share, 0.3) << "a busy loop under --cpus 0.5 used " << share << " of a core";
  EXPECT_LT(share, 0.7) << "a busy loop under --cpus 0.5 used " << share << " of a core";
  ASSERT_TRUE(engine().containers().stop(c.id, 1));
}

TEST_F(ContainerTest, StatsAndTopSeeTheContainer) {
  auto o = options({"sleep", "30"});
  o.limits.memory_bytes = 32LL << 20;
  auto c = start(o);
  auto s = engine().containers().stats(c.id);
  ASSERT_TRUE(s) << s.error().render();
  EXPECT_EQ(s->memory_limit_bytes, 32ULL << 20);
  EXPECT_EQ(s->pids_current, 2u);  // init + sleep
  auto top = engine().containers().top(c.id);
  ASSERT_TRUE(top);
  ASSERT_EQ(top->size(), 2u);
  EXPECT_EQ(top->at(1).command, "sleep 30");
}

// Memory no process maps (a file in /dev/shm) counts for no process's badness,
// so without its lower OOM score init, not the workload, would be the victim:
// no exit record, exit 137 and oom_killed false.
TEST_F(ContainerTest, OomOverShmKillsTheWorkloadNotInit) {
  auto o = options({"dd", "if=/dev/zero", "of=/dev/shm/x", "bs=1M", "count=64"});
  o.limits.memory_bytes = 32LL << 20;
  auto c = run_to_end(o);
  EXPECT_EQ(c.state.status, Status::exited);
  EXPECT_TRUE(c.state.oom_killed);
  EXPECT_EQ(c.state.exit_code, 137);
  // init wrote its exit record, which says so itself.
  auto exit = mocker::engine::runtime::read_exit_record(c.resources.dir);
  ASSERT_TRUE(exit) << exit.error().render();
  ASSERT_TRUE(*exit) << "init was killed before it could write its exit record";
  EXPECT_EQ((*exit)->signal, SIGKILL);
  EXPECT_TRUE((*exit)->oom_killed);
}

TEST_F(ContainerTest, WorkloadProcessesAreTheOomKillersFirstChoice) {
  auto c = run_to_end(options({"sh", "-c", "cat /proc/self/oom_score_adj /proc/1/oom_score_adj"}));
  std::istringstream out(stdout_of(c.id));
  int workload = 0, init = 0;
  ASSERT_TRUE(out >> workload >> init) << stdout_of(c.id);
  EXPECT_EQ(workload, std::min(1000, init + 1000)) << "init (pid 1) at " << init;
}

// init killed after an OOM kill in the container leaves no exit record: the
// engine derives the OOM from the cgroup's count, which grew during this run.
TEST_F(ContainerTest, AnOomKillIsReportedWhenInitLeftNoExitRecord) {
  auto o = options({"sh", "-c", "mocker-probe alloc 256; sleep 100"});
  o.limits.memory_bytes = 64LL << 20;
  auto c = start(o);
  ASSERT_TRUE(eventually(
      [&] {
        auto s = engine().containers().stats(c.id);
        return s && s->oom_kills > 0;
      },
      std::chrono::seconds(20)));
  ASSERT_EQ(::kill(c.state.pid, SIGKILL), 0);
  ASSERT_TRUE(eventually([&] { return engine().containers().get(c.id)->state.status == Status::exited; }));
  auto after = *engine().containers().get(c.id);
  EXPECT_EQ(after.state.exit_code, 137);
  EXPECT_TRUE(after.state.oom_killed);
  auto exit = mocker::engine::runtime::read_exit_record(c.resources.dir);
  ASSERT_TRUE(exit);
  EXPECT_FALSE(*exit) << "init was killed";
}
