// A container's life as the runtime and init run it: exit codes, setup errors,
// signals, orphans, logs, and independence from the process that started it.
#include "fixture.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace mocker::test {
namespace {

class Lifecycle : public RuntimeTest {};

struct ExitCase {
  const char* script;
  int exit_code;
  int signal;
};

TEST_F(Lifecycle, ExitCodesReachInitAndTheExitRecord) {
  const ExitCase cases[] = {
      {"exit 7", 7, 0},
      {"true", 0, 0},
      {"kill -KILL $$", 128 + SIGKILL, SIGKILL},
      {"kill -TERM $$", 128 + SIGTERM, SIGTERM},
  };
  for (const auto& c : cases) {
    std::filesystem::remove(state_ + "/exit.json");
    auto f = run(spec({"/bin/sh", "-c", c.script}));
    EXPECT_EQ(f.status, c.exit_code) << c.script;
    EXPECT_EQ(f.record.exit_code, c.exit_code) << c.script;
    EXPECT_EQ(f.record.signal, c.signal) << c.script;
    EXPECT_FALSE(f.record.oom_killed);
    EXPECT_TRUE(mocker::engine::init::parse_timestamp(f.record.finished_at)) << f.record.finished_at;
  }
}

struct SetupErrorCase {
  const char* name;
  void (*adjust)(runtime::ContainerSpec&);
  const char* rendered;
};

TEST_F(Lifecycle, SetupErrorsComeBackWholeWithTheStep) {
  const SetupErrorCase cases[] = {
      {"missing bind source",
       [](runtime::ContainerSpec& s) { s.mounts = {{"bind", "/nonexistent-source", "/data", {}}}; },
       "mount volumes: bind /nonexistent-source on /data: No such file or directory"},
      {"unknown user", [](runtime::ContainerSpec& s) { s.process.user = "nosuchuser"; },
       "resolve user: resolve user nosuchuser: no such user in /etc/passwd"},
      {"unknown group", [](runtime::ContainerSpec& s) { s.process.user = "app:nosuchgroup"; },
       "resolve user: resolve group nosuchgroup: no such group in /etc/group"},
      {"missing executable", [](runtime::ContainerSpec& s) { s.process.args = {"nope"}; },
       "command not found: exec \"nope\": executable file not found in $PATH"},
      {"not executable", [](runtime::ContainerSpec& s) { s.process.args = {"/etc/passwd"}; },
       "command cannot be executed: exec \"/etc/passwd\": Permission denied"},
      {"rlimit above the hard limit",
       [](runtime::ContainerSpec& s) { s.process.rlimits = {{"nofile", 64, ~uint64_t{0}}}; },
       "set rlimits: setrlimit nofile: hard limit unlimited is above the current hard limit"},
      {"bad tmpfs option", [](runtime::ContainerSpec& s) { s.mounts = {{"tmpfs", "", "/t", {"size=lots"}}}; },
       "mount volumes: mount tmpfs on /t: set size=lots for tmpfs"},
      {"cgroup to join missing",
       [](runtime::ContainerSpec& s) { s.cgroup_join_files = {"/sys/fs/cgroup/nonexistent-mocker-test/tasks"}; },
       "join cgroups: open /sys/fs/cgroup/nonexistent-mocker-test/tasks: No such file or directory"},
  };
  for (const auto& c : cases) {
    auto s = spec({"/bin/true"});
    c.adjust(s);
    auto started = runtime::start(s, {});
    ASSERT_FALSE(started) << c.name;
    EXPECT_NE(started.error().render().find(c.rendered), std::string::npos)
        << c.name << ": " << started.error().render();
  }
  EXPECT_FALSE(std::filesystem::exists(state_ + "/exit.json")) << "a container that never ran has no exit record";
}

TEST_F(Lifecycle, FailingPlacementHookKillsInitAndReturnsItsError) {
  pid_t seen = 0;
  runtime::Hooks hooks;
  hooks.placed = [&](pid_t pid) -> mocker::engine::sys::Status {
    seen = pid;
    return mocker::engine::sys::Error::invalid("place", "test", "refused");
  };
  auto started = runtime::start(spec({"/bin/true"}), hooks);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().render(), "place test: refused");
  EXPECT_GT(seen, 0);
  EXPECT_NE(::kill(seen, 0), 0) << "init must be gone";
}

TEST_F(Lifecycle, InitDyingDuringSetupIsReportedWithTheStep) {
  runtime::Hooks hooks;
  hooks.placed = [](pid_t pid) {
    ::kill(pid, SIGKILL);
    return mocker::engine::sys::ok();
  };
  auto started = runtime::start(spec({"/bin/true"}), hooks);
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().render(),
            "mocker-init exited during step \"wait for placement\": killed by signal 9 (Killed)");
}

TEST_F(Lifecycle, OomKillIsRecorded) {
  std::string dir = "/sys/fs/cgroup/memory/" + cgroup_parent();
  if (!std::filesystem::is_directory("/sys/fs/cgroup/memory")) GTEST_SKIP() << "no cgroup v1 memory hierarchy";
  ASSERT_TRUE(std::filesystem::create_directories(dir));
  std::ofstream(dir + "/memory.limit_in_bytes") << 64 * 1024 * 1024;
  runtime::Hooks hooks;
  hooks.placed = [&](pid_t pid) -> mocker::engine::sys::Status {
    std::ofstream procs(dir + "/cgroup.procs");
    procs << pid << std::flush;
    if (!procs) return mocker::engine::sys::Error::invalid("place", dir, "write failed");
    return mocker::engine::sys::ok();
  };
  auto s = spec({"/bin/mocker-probe", "alloc", "1024"});
  s.oom_counter_file = dir + "/memory.oom_control";
  auto started = runtime::start(s, hooks);
  ASSERT_TRUE(started) << started.error().render();
  auto f = wait(started->init_pid);
  EXPECT_EQ(f.status, 128 + SIGKILL);
  EXPECT_EQ(f.record.signal, SIGKILL);
  EXPECT_TRUE(f.record.oom_killed);
  EXPECT_EQ(f.stdout_text(), "") << "the probe never got to report";
}

TEST_F(Lifecycle, ForkBombIsHeldByAPidsLimit) {
  std::string dir = "/sys/fs/cgroup/pids/" + cgroup_parent();
  if (!std::filesystem::is_directory("/sys/fs/cgroup/pids")) GTEST_SKIP() << "no cgroup v1 pids hierarchy";
  ASSERT_TRUE(std::filesystem::create_directories(dir));
  std::ofstream(dir + "/pids.max") << 16;
  runtime::Hooks hooks;
  hooks.placed = [&](pid_t pid) -> mocker::engine::sys::Status {
    std::ofstream procs(dir + "/cgroup.procs");
    procs << pid << std::flush;
    if (!procs) return mocker::engine::sys::Error::invalid("place", dir, "write failed");
    return mocker::engine::sys::ok();
  };
  auto started = runtime::start(spec({"/bin/mocker-probe", "fork-bomb", "200"}), hooks);
  ASSERT_TRUE(started) << started.error().render();
  auto f = wait(started->init_pid);
  ASSERT_EQ(f.status, 0);
  auto r = parse_json(f.stdout_text());
  // init and the probe count against the limit too.
  EXPECT_EQ(r["max_alive"], 16 - 2);
  EXPECT_EQ(r["error"], "Resource temporarily unavailable");
}

TEST_F(Lifecycle, SignalsToInitReachTheWorkload) {
  auto s = spec({"/bin/sh", "-c",
                 "trap 'echo got TERM; exit 3' TERM; echo ready; i=0;"
                 "while [ $i -lt 3000 ]; do sleep 0.01; i=$((i+1)); done; echo timeout"});
  auto started = runtime::start(s, {});
  ASSERT_TRUE(started) << started.error().render();
  ASSERT_TRUE(wait_for_log("ready"));
  ASSERT_EQ(::kill(started->init_pid, SIGTERM), 0);
  auto f = wait(started->init_pid);
  EXPECT_EQ(f.status, 3);
  EXPECT_EQ(f.stdout_text(), "ready\ngot TERM\n");
}

TEST_F(Lifecycle, OrphansAreReaped) {
  // Each subshell exits at once and leaves its background child to init; no zombie
  // may remain (the loop is bounded; a zombie would stay for good).
  auto s = spec({"/bin/sh", "-c",
                 "for i in 1 2 3 4 5; do (sleep 0.01 &); done; sleep 0.05; i=0;"
                 "while [ $i -lt 500 ] && grep -q '^State:.*Z' /proc/[0-9]*/status; do sleep 0.01; i=$((i+1)); done;"
                 "grep -l '^State:.*Z' /proc/[0-9]*/status | wc -l"});
  auto f = run(s);
  EXPECT_EQ(f.status, 0);
  EXPECT_EQ(f.stdout_text(), "0\n");
}

TEST_F(Lifecycle, LogsKeepOrderAndTagStreams) {
  // Each write waits until the previous one is in the log, so the order is known.
  auto s = spec({"/bin/sh", "-c",
                 "seen() { i=0; until grep -q \"$1\" /logs/log.json; do i=$((i+1));"
                 " [ $i -gt 1000 ] && exit 9; sleep 0.01; done; };"
                 "echo out1; seen out1; echo err1 >&2; seen err1; echo out2; seen out2; printf partial"});
  s.mounts = {{"bind", state_, "/logs", {"ro"}}};
  auto f = run(s);
  ASSERT_EQ(f.status, 0);
  ASSERT_EQ(f.logs.size(), 4u);
  const std::pair<const char*, const char*> want[] = {
      {"out1\n", "stdout"}, {"err1\n", "stderr"}, {"out2\n", "stdout"}, {"partial", "stdout"}};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(f.logs[i].log, want[i].first);
    EXPECT_EQ(f.logs[i].stream, want[i].second);
    EXPECT_TRUE(mocker::engine::init::parse_timestamp(f.logs[i].time)) << f.logs[i].time;
    if (i > 0) {
      EXPECT_LE(f.logs[i - 1].time, f.logs[i].time);
    }
  }
}

TEST_F(Lifecycle, ContainerOutlivesTheProcessThatStartedIt) {
  // The workload waits for a file we create only after its starter is dead.
  auto s = spec({"/bin/sh", "-c",
                 "i=0; until [ -e /state/go ]; do i=$((i+1)); [ $i -gt 3000 ] && exit 9; sleep 0.01; done;"
                 "echo after"});
  s.mounts = {{"bind", state_, "/state", {"ro"}}};
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  pid_t starter = ::fork();
  ASSERT_GE(starter, 0);
  if (starter == 0) {
    auto started = runtime::start(s, {});
    pid_t pid = started ? started->init_pid : -1;
    (void)!::write(pipefd[1], &pid, sizeof pid);
    ::pause();
    ::_exit(0);
  }
  ::close(pipefd[1]);
  pid_t init_pid = -1;
  ASSERT_EQ(::read(pipefd[0], &init_pid, sizeof init_pid), static_cast<ssize_t>(sizeof init_pid));
  ::close(pipefd[0]);
  ::kill(starter, SIGKILL);
  wait_child(starter, 30);
  ASSERT_GT(init_pid, 0);
  EXPECT_EQ(::kill(init_pid, 0), 0) << "init still runs";
  std::ofstream(state_ + "/go") << "";
  // We are the subreaper: init is our child now.
  auto f = wait(init_pid);
  EXPECT_EQ(f.status, 0);
  EXPECT_EQ(f.record.exit_code, 0);
  EXPECT_EQ(f.stdout_text(), "after\n");
}

}  // namespace
}  // namespace mocker::test
