// The mocker CLI as a user runs it: output, exit codes, and a container that
// outlives the process that started it.
#include "cli_fixture.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using mocker::test::CliTest;

TEST_F(CliTest, RunPassesOutputAndExitCode) {
  auto r = cli("run --rm busybox sh -c 'echo out; exit 7'");
  EXPECT_EQ(r.status, 7) << r.output;
  EXPECT_EQ(r.output, "out\n");
  auto missing = cli("run --rm busybox no-such-binary");
  EXPECT_EQ(missing.status, 127);
  EXPECT_NE(missing.output.find("executable file not found"), std::string::npos) << missing.output;
  auto bad = cli("run --rm -m lots busybox true");
  EXPECT_EQ(bad.status, 125);
  EXPECT_EQ(bad.output, "mocker: parse --memory lots: expected a size like 64m or 1g\n");
  auto killed = cli("run --rm busybox sh -c 'kill -9 $$'");
  EXPECT_EQ(killed.status, 128 + SIGKILL) << killed.output;
  expect_no_containers();
  // Without --rm the exit is recorded and the container stays.
  auto kept = cli("run --name kept busybox sh -c 'exit 3'");
  EXPECT_EQ(kept.status, 3) << kept.output;
  auto c = engine().containers().get("kept");
  ASSERT_TRUE(c) << c.error().render();
  EXPECT_EQ(c->state.status, mocker::engine::container::Status::exited);
  EXPECT_EQ(c->state.exit_code, 3);
  EXPECT_EQ(cli("rm kept").status, 0);
  expect_no_containers();
}

TEST_F(CliTest, ContainerOutlivesAKilledStarter) {
  pid_t starter = ::fork();
  if (starter == 0) {
    ::execl("/bin/sh", "sh", "-c",
            ("exec env MOCKER_CGROUP_PARENT=" + cgroup_parent() + " " + mocker() +
             " run --name survivor busybox sh -c 'echo started; sleep 2; echo finished; exit 4' >/dev/null")
                .c_str(),
            nullptr);
    ::_exit(127);
  }
  ASSERT_TRUE(eventually([&] {
    auto c = engine().containers().get("survivor");
    return c && c->state.status == mocker::engine::container::Status::running && stdout_of(c->id) == "started\n";
  }));
  ::kill(starter, SIGKILL);
  ::waitpid(starter, nullptr, 0);
  auto ps = cli("ps --format json");
  EXPECT_NE(ps.output.find("\"survivor\""), std::string::npos) << ps.output;
  auto waited = cli("wait survivor");
  EXPECT_EQ(waited.output, "4\n");
  auto logs = cli("logs survivor");
  EXPECT_EQ(logs.output, "started\nfinished\n");
  EXPECT_EQ(cli("rm survivor").status, 0);
  expect_no_containers();
}

TEST_F(CliTest, PsLogsStopAndInspect) {
  auto id = cli("run -d --name web -l tier=front busybox sh -c 'echo hi; sleep 100'");
  ASSERT_EQ(id.status, 0) << id.output;
  auto ps = cli("ps --filter label=tier=front -q");
  EXPECT_EQ(ps.output, id.output.substr(0, 12) + "\n");
  EXPECT_EQ(cli("ps --filter label=tier=back -q").output, "");
  ASSERT_TRUE(eventually([&] { return cli("logs web").output == "hi\n"; }));
  EXPECT_EQ(cli("stop -t 1 web").status, 0);
  auto inspect = cli("inspect web");
  auto j = nlohmann::json::parse(inspect.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << inspect.output;
  EXPECT_EQ(j[0]["state"]["status"], "exited");
  EXPECT_EQ(j[0]["state"]["exit_code"], 143);
  auto rmi = cli("rmi busybox");
  EXPECT_EQ(rmi.status, 1);
  EXPECT_NE(rmi.output.find("in use by a container"), std::string::npos) << rmi.output;
  EXPECT_EQ(cli("rm web").status, 0);
  EXPECT_EQ(cli("rmi busybox").status, 0);
}

TEST_F(CliTest, InteractiveStdinAndTty) {
  auto piped = cli("run -i --rm busybox sh -c 'echo first; read x; echo got $x; exit 5' <<< piped-line");
  EXPECT_EQ(piped.status, 5) << piped.output;
  EXPECT_EQ(piped.output, "first\ngot piped-line\n");
  // A workload that ends before the CLI attaches: its output comes from the log.
  for (int i = 0; i < 3; ++i) {
    auto fast = cli("run -i --rm busybox echo fast < /dev/null");
    EXPECT_EQ(fast.status, 0);
    EXPECT_EQ(fast.output, "fast\n");
  }
  auto tty = cli("run -t --rm busybox sh -c '[ -t 1 ] && echo on-a-tty'");
  EXPECT_EQ(tty.status, 0);
  EXPECT_EQ(tty.output, "on-a-tty\r\n");
  expect_no_containers();
}
