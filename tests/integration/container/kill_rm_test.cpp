// `kill` then `rm`: rm succeeds once the container is dead, whoever killed
// it, even while its init is still exiting (a pid namespace's init waits for
// every other process of the namespace to be gone before it is).
#include "cli_fixture.hpp"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace mocker::test {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

std::string stat_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  return line;
}

// Field 3 (state) and field 9 (flags) of /proc/PID/stat.
std::pair<char, unsigned long> state_and_flags(pid_t pid) {
  std::string line = stat_of(pid);
  auto close = line.rfind(')');
  if (close == std::string::npos) return {0, 0};
  std::istringstream rest(line.substr(close + 2));
  char state = 0;
  std::string field;
  unsigned long flags = 0;
  rest >> state;
  for (int i = 4; i <= 8; ++i) rest >> field;
  rest >> flags;
  return {state, flags};
}

constexpr unsigned long kExiting = 0x4;  // PF_EXITING

class KillRmTest : public CliTest {
 protected:
  // A process inside the container's pid namespace whose parent, outside it,
  // does not reap it until release(): once the container's init is killed,
  // init stays exiting until then.
  void pin_namespace(pid_t init) {
    int go[2];
    ASSERT_EQ(::pipe2(go, O_CLOEXEC), 0);
    std::string ns_path = "/proc/" + std::to_string(init) + "/ns/pid";
    pinner_ = ::fork();
    ASSERT_GE(pinner_, 0);
    if (pinner_ == 0) {
      ::close(go[1]);  // the test's end: its close is the signal to reap
      int ns = ::open(ns_path.c_str(), O_RDONLY | O_CLOEXEC);
      if (ns < 0 || ::setns(ns, CLONE_NEWPID) != 0) ::_exit(1);
      pid_t pinned = ::fork();
      if (pinned == 0) {
        ::pause();
        ::_exit(0);
      }
      char byte;
      (void)!::read(go[0], &byte, 1);
      ::waitpid(pinned, nullptr, 0);
      ::_exit(0);
    }
    ::close(go[0]);
    release_fd_ = go[1];
    // Bounded: until the pinned process runs in the namespace.
    for (int i = 0; i < 200 && children_of(pinner_) == 0; ++i) std::this_thread::sleep_for(10ms);
    ASSERT_EQ(children_of(pinner_), 1) << "the pinned process did not start";
  }

  void release() {
    if (release_fd_ >= 0) ::close(std::exchange(release_fd_, -1));  // end of file: it reaps
    if (pinner_ > 0) ::waitpid(std::exchange(pinner_, -1), nullptr, 0);
  }

  void TearDown() override {
    release();
    CliTest::TearDown();
  }

  static int children_of(pid_t parent) {
    int n = 0;
    for (const auto& e : fs::directory_iterator("/proc")) {
      std::string name = e.path().filename();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::string line = stat_of(std::stoi(name));
      auto close = line.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(line.substr(close + 2));
      char state;
      pid_t ppid = 0;
      rest >> state >> ppid;
      if (ppid == parent) ++n;
    }
    return n;
  }

  // A `mocker` process held by a fault point (stopped), 0 if none.
  static pid_t stopped_mocker() {
    for (const auto& e : fs::directory_iterator("/proc")) {
      std::string name = e.path().filename();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::error_code ec;
      if (fs::read_symlink(e.path() / "exe", ec).filename() != "mocker") continue;
      if (state_and_flags(std::stoi(name)).first == 'T') return std::stoi(name);
    }
    return 0;
  }

  pid_t pinner_ = -1;
  int release_fd_ = -1;
};

TEST_F(KillRmTest, RmWaitsForAnInitThatIsStillExiting) {
  ASSERT_EQ(cli("run -d --name victim busybox sleep 300").status, 0);
  auto c = engine().containers().get("victim");
  ASSERT_TRUE(c) << c.error().render();
  pid_t init = c->state.pid;
  pin_namespace(init);
  if (HasFatalFailure()) return;

  // Killed by someone else than mocker: its init begins to exit and stays so.
  ASSERT_EQ(::kill(init, SIGKILL), 0);
  bool exiting = false;
  for (int i = 0; i < 500 && !exiting; ++i) {
    exiting = (state_and_flags(init).second & kExiting) != 0;
    if (!exiting) std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(exiting) << "init did not begin to exit: " << stat_of(init);

  // rm, held where it finds the init exiting.
  std::string mark = path("fault-mark");
  std::atomic<bool> rm_done{false};
  Command rm{-1, {}};
  std::thread rm_thread([&] {
    rm = run("MOCKER_FAULT=container.rm.init_exiting MOCKER_FAULT_MARK=" + mark + " MOCKER_CGROUP_PARENT=" +
             cgroup_parent() + " " + mocker() + " rm victim");
    rm_done = true;
  });
  auto deadline = std::chrono::steady_clock::now() + 20s;
  while (!rm_done && !fs::exists(mark) && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(20ms);
  bool held = fs::exists(mark);

  // The namespace finishes dying; then rm goes on.
  release();
  pid_t stopped = 0;
  for (int i = 0; held && i < 250 && !(stopped = stopped_mocker()); ++i) std::this_thread::sleep_for(20ms);
  if (stopped > 0) ::kill(stopped, SIGCONT);
  rm_thread.join();

  EXPECT_TRUE(held) << "rm did not wait for the exiting init:\n" << rm.output;
  EXPECT_EQ(rm.status, 0) << rm.output;
  EXPECT_FALSE(engine().containers().get("victim")) << "the container is still there";
}

TEST_F(KillRmTest, KillThenRmSucceedsEveryTime) {
  for (int i = 0; i < 3; ++i) {
    std::string name = "k" + std::to_string(i);
    ASSERT_EQ(cli("run -d --name " + name + " busybox sh -c 'sleep 300 & sleep 300'").status, 0);
    auto kill = cli("kill " + name);
    ASSERT_EQ(kill.status, 0) << kill.output;
    auto rm = cli("rm " + name);
    EXPECT_EQ(rm.status, 0) << "try " << i << ": " << rm.output;
  }
}

}  // namespace
}  // namespace mocker::test
