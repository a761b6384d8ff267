// Joining a running container with runtime::exec.
#include "fixture.hpp"

#include <mocker/init/protocol.hpp>

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace mocker::test {
namespace {

namespace fs = std::filesystem;

class Exec : public RuntimeTest {
 protected:
  // A container that runs until /state/stop appears.
  pid_t start_waiting(const runtime::Hooks& hooks = {}) {
    auto s = spec({"/bin/sh", "-c",
                   "i=0; until [ -e /state/stop ]; do i=$((i+1)); [ $i -gt 6000 ] && exit 9; sleep 0.01; done"});
    s.mounts = {{"bind", state_, "/state", {"ro"}}};
    auto started = runtime::start(s, hooks);
    EXPECT_TRUE(started) << started.error().render();
    return started ? started->init_pid : -1;
  }

  void stop(pid_t init_pid) {
    std::ofstream(state_ + "/stop") << "";
    auto f = wait(init_pid);
    EXPECT_EQ(f.status, 0);
  }

  // Runs args in the container; returns (status, stdout).
  std::pair<int, std::string> exec(pid_t init_pid, std::vector<std::string> args,
                                   const std::vector<std::string>& cgroups = {}) {
    int out[2];
    EXPECT_EQ(::pipe2(out, O_CLOEXEC), 0);
    runtime::Process p;
    p.args = std::move(args);
    p.env = {"PATH=/bin"};
    auto code = runtime::exec(init_pid, p, {-1, out[1], out[1]}, cgroups, MOCKER_INIT_PATH);
    ::close(out[1]);
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<size_t>(n));
    ::close(out[0]);
    EXPECT_TRUE(code) << code.error().render();
    return {code ? *code : -1, text};
  }
};

TEST_F(Exec, RunsInsideTheContainersNamespaces) {
  pid_t init_pid = start_waiting();
  ASSERT_GT(init_pid, 0);
  auto [status, out] = exec(init_pid, {"/bin/mocker-probe"});
  EXPECT_EQ(status, 0);
  auto r = parse_json(out);
  EXPECT_EQ(r["hostname"], "box");
  EXPECT_EQ(r["ppid"], 0) << "its parent is outside the container's pid namespace";
  EXPECT_NE(std::find(r["pids"].begin(), r["pids"].end(), 1), r["pids"].end());
  EXPECT_LT(r["pids"].size(), 10u) << "no host pids";
  EXPECT_TRUE(r["sys_read_only"].get<bool>());
  EXPECT_EQ(r["status"]["NoNewPrivs"], "1");
  EXPECT_EQ(r["status"]["Seccomp"], "2");
  EXPECT_EQ(r["interfaces"].size(), 1u);
  stop(init_pid);
}

TEST_F(Exec, ReturnsTheExitStatusAndReportsErrors) {
  pid_t init_pid = start_waiting();
  ASSERT_GT(init_pid, 0);
  EXPECT_EQ(exec(init_pid, {"/bin/sh", "-c", "exit 5"}).first, 5);
  EXPECT_EQ(exec(init_pid, {"/bin/sh", "-c", "kill -KILL $$"}).first, 128 + SIGKILL);
  runtime::Process p;
  p.args = {"nope"};
  auto code = runtime::exec(init_pid, p, {}, {}, MOCKER_INIT_PATH);
  ASSERT_FALSE(code);
  EXPECT_EQ(code.error().render(), "command not found: exec \"nope\": executable file not found in $PATH");
  EXPECT_EQ(mocker::engine::init::command_failure_status(code.error()), 127);
  auto gone = runtime::exec(999999, p, {}, {}, MOCKER_INIT_PATH);
  ASSERT_FALSE(gone);
  EXPECT_NE(gone.error().render().find("open namespaces"), std::string::npos) << gone.error().render();
  stop(init_pid);
}

TEST_F(Exec, JoinsTheGivenCgroups) {
  std::string dir = "/sys/fs/cgroup/pids/" + cgroup_parent();
  ASSERT_TRUE(fs::create_directories(dir));
  runtime::Hooks hooks;
  hooks.placed = [&](pid_t pid) -> mocker::engine::sys::Status {
    std::ofstream(dir + "/cgroup.procs") << pid;
    return mocker::engine::sys::ok();
  };
  pid_t init_pid = start_waiting(hooks);
  ASSERT_GT(init_pid, 0);
  // Inside, the container's cgroup is the root of its cgroup namespace.
  auto [status, out] = exec(init_pid, {"/bin/sh", "-c", "grep pids /proc/self/cgroup"}, {dir + "/cgroup.procs"});
  EXPECT_EQ(status, 0);
  EXPECT_TRUE(out.ends_with(":pids:/\n")) << out;
  // Through v1 tasks, as the facade does there: the helper moves its one thread.
  auto [by_tasks, out2] = exec(init_pid, {"/bin/sh", "-c", "grep pids /proc/self/cgroup"}, {dir + "/tasks"});
  EXPECT_EQ(by_tasks, 0);
  EXPECT_TRUE(out2.ends_with(":pids:/\n")) << out2;
  stop(init_pid);
  EXPECT_EQ(::rmdir(dir.c_str()), 0) << "the cgroup is empty once the container is gone";
}

}  // namespace
}  // namespace mocker::test
