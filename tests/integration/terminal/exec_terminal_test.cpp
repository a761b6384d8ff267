// mocker exec and run on a real terminal, and with piped stdin.
#include "terminal_fixture.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>

namespace mocker::test {
namespace {

class ExecTerminal : public TerminalTest {
 protected:
  void SetUp() override {
    TerminalTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto o = options({"sleep", "1000"});
    o.name = "app";
    start(o);
  }

  // The processes of the container, as `top` lists them.
  std::string processes() { return cli("top app").output; }
};

TEST_F(ExecTerminal, ExecTtyIsATerminalOfTheClientsSizeWithTerm) {
  auto s = mocker_on_pty({"exec", "-it", "app", "sh", "-c", "tty; test -t 0 && echo stdin-is-a-tty; stty size; echo TERM=$TERM"},
                         "", 33, 111);
  EXPECT_EQ(s->finish(), 0) << s->output();
  EXPECT_NE(s->output().find("/dev/pts/"), std::string::npos) << s->output();
  EXPECT_NE(s->output().find("stdin-is-a-tty"), std::string::npos) << s->output();
  EXPECT_NE(s->output().find("33 111"), std::string::npos) << s->output();
  EXPECT_NE(s->output().find("TERM=xterm"), std::string::npos) << "xterm when the client has none: " << s->output();
  auto named = mocker_on_pty({"exec", "-it", "app", "sh", "-c", "echo TERM=$TERM"}, "vt100");
  EXPECT_EQ(named->finish(), 0) << named->output();
  EXPECT_NE(named->output().find("TERM=vt100"), std::string::npos) << named->output();
}

TEST_F(ExecTerminal, ExecTtyFollowsAResize) {
  auto s = mocker_on_pty({"exec", "-it", "app", "sh", "-c",
                          "trap 'stty size; exit 3' WINCH; echo ready; i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done"},
                         "", 30, 100);
  ASSERT_TRUE(s->wait_for("ready")) << s->output();
  s->resize(41, 123);
  EXPECT_EQ(s->finish(), 3) << s->output();
  EXPECT_NE(s->output().find("41 123"), std::string::npos) << s->output();
}

TEST_F(ExecTerminal, CtrlCAndCtrlBackslashReachTheProcessInTheContainer) {
  auto trapped = mocker_on_pty({"exec", "-it", "app", "sh", "-c",
                                "trap 'exit 42' INT; echo ready; i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done"});
  ASSERT_TRUE(trapped->wait_for("ready")) << trapped->output();
  trapped->type("\x03");
  EXPECT_EQ(trapped->finish(), 42) << trapped->output();

  auto sleeper = mocker_on_pty({"exec", "-it", "app", "sh", "-c", "echo ready; exec sleep 333"});
  ASSERT_TRUE(sleeper->wait_for("ready")) << sleeper->output();
  ASSERT_TRUE(eventually([&] { return processes().find("sleep 333") != std::string::npos; }));
  sleeper->type("\x03");
  EXPECT_EQ(sleeper->finish(), 128 + SIGINT) << sleeper->output();
  EXPECT_EQ(processes().find("sleep 333"), std::string::npos) << "the process in the container is gone";

  // ^\ is SIGQUIT (trapped: no core dump to wait for).
  auto quit = mocker_on_pty({"exec", "-it", "app", "sh", "-c",
                             "trap 'exit 43' QUIT; echo ready; i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done"});
  ASSERT_TRUE(quit->wait_for("ready")) << quit->output();
  quit->type("\x1c");
  EXPECT_EQ(quit->finish(), 43) << quit->output();
}

TEST_F(ExecTerminal, DetachKeysLeaveTheProcessRunning) {
  auto s = mocker_on_pty({"exec", "-it", "app", "sh", "-c", "echo ready; exec sleep 101"});
  ASSERT_TRUE(s->wait_for("ready")) << s->output();
  s->type("\x10\x11");
  EXPECT_EQ(s->finish(), 0) << s->output();
  EXPECT_NE(processes().find("sleep 101"), std::string::npos) << "detached, not stopped";
  // It keeps running when the terminal it was started from is gone.
  s.reset();
  EXPECT_NE(processes().find("sleep 101"), std::string::npos);

  auto custom = mocker_on_pty({"exec", "-it", "--detach-keys", "ctrl-x,x", "app", "sh", "-c", "echo ready; exec sleep 102"});
  ASSERT_TRUE(custom->wait_for("ready")) << custom->output();
  custom->type("\x18x");
  EXPECT_EQ(custom->finish(), 0) << custom->output();
  EXPECT_NE(processes().find("sleep 102"), std::string::npos);
  // Their helpers are ours now (this test process is a subreaper): stop
  // them (the processes die with them) and reap, so the container's cgroup can go.
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(e.path() / "stat");
    std::string pid, comm, state;
    pid_t ppid = 0;
    if (stat >> pid >> comm >> state >> ppid && ppid == ::getpid() && comm == "(mocker-init)") {
      ::kill(std::stoi(pid), SIGKILL);
      ::waitpid(std::stoi(pid), nullptr, 0);  // SIGKILLed: returns at once
    }
  }
  EXPECT_TRUE(eventually([&] { return processes().find("sleep 10") == std::string::npos; }));
}

TEST_F(ExecTerminal, RunTtyIsATerminalAndCtrlCReachesIt) {
  auto s = mocker_on_pty({"run", "--rm", "-it", "busybox", "sh", "-c",
                          "tty; trap 'stty size' WINCH; trap 'exit 42' INT; echo ready; "
                          "i=0; while [ $i -lt 300 ]; do sleep 0.1; i=$((i+1)); done"},
                         "", 27, 90);
  ASSERT_TRUE(s->wait_for("ready")) << s->output();
  EXPECT_NE(s->output().find("/dev/pts/"), std::string::npos) << s->output();
  s->resize(28, 91);
  EXPECT_TRUE(s->wait_for("28 91")) << s->output();
  s->type("\x03");
  EXPECT_EQ(s->finish(), 42) << s->output();
}

TEST_F(ExecTerminal, PipedStdinReachesTheProcessWholeWithItsEnd) {
  std::string file = random_file(10 * 1024 * 1024);
  std::string digest = sha256_of(file);
  ASSERT_EQ(digest.size(), 65u);
  auto through_exec = cli("exec -i app sha256sum < " + file);
  EXPECT_EQ(through_exec.status, 0) << through_exec.output;
  EXPECT_EQ(through_exec.output.substr(0, 64), digest.substr(0, 64));
  // Both ways: what cat gives back is what it read.
  auto round_trip = run("bash -c \"MOCKER_CGROUP_PARENT=" + cgroup_parent() + " " + mocker() + " exec -i app cat < " +
                        file + " | sha256sum | cut -d' ' -f1\"");
  EXPECT_EQ(round_trip.output, digest);
  auto through_run = cli("run --rm -i busybox sha256sum < " + file);
  EXPECT_EQ(through_run.status, 0) << through_run.output;
  EXPECT_EQ(through_run.output.substr(0, 64), digest.substr(0, 64));
  // Without -i the process reads nothing.
  auto closed = cli("exec app cat < " + file);
  EXPECT_EQ(closed.status, 0);
  EXPECT_EQ(closed.output, "");
}

TEST_F(ExecTerminal, ACommandNotFoundOrNotExecutableExits127Or126) {
  auto missing = cli("exec app no-such-command 1");
  EXPECT_EQ(missing.status, 127) << missing.output;
  EXPECT_NE(missing.output.find("command not found"), std::string::npos) << missing.output;
  auto denied = cli("exec app /etc/passwd");
  EXPECT_EQ(denied.status, 126) << denied.output;
  EXPECT_NE(denied.output.find("command cannot be executed"), std::string::npos) << denied.output;
  auto run_missing = cli("run --rm busybox no-such-command");
  EXPECT_EQ(run_missing.status, 127) << run_missing.output;
  auto run_denied = cli("run --rm busybox /etc/passwd");
  EXPECT_EQ(run_denied.status, 126) << run_denied.output;
  // An unknown option before the container is an error, not the command.
  auto unknown = cli("exec --bogus app true");
  EXPECT_NE(unknown.status, 0);
  EXPECT_NE(unknown.output.find("--bogus"), std::string::npos) << unknown.output;
  // Options after the container belong to the command.
  auto after = cli("exec app sh -c 'echo $0' -x");
  EXPECT_EQ(after.output, "-x\n");
}

}  // namespace
}  // namespace mocker::test
