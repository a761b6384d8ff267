// The client side of the control socket: a supervisor that does not answer
// ends the call with an error saying what to do; a socket left by a dead one
// (held open by another process) counts as no supervisor; no socket at all
// is no supervisor. Temp files only; no privileges.
#include <mocker/supervisor/control.hpp>
#include <mocker/sys/fd.hpp>
#include <mocker/sys/lock.hpp>

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace mocker::orchestrator::supervisor {
namespace {

namespace sys = engine::sys;
using namespace std::chrono_literals;

class ControlCallTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mocker-control-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    paths_ = project_paths(dir_, "demo");
    ASSERT_TRUE(make_project_dir(paths_));
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A socket that listens on the project's path and never accepts: a stuck
  // supervisor, or one inherited by a process that is not a supervisor.
  sys::Fd listen_without_answering() {
    sys::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strcpy(addr.sun_path, paths_.socket().c_str());
    EXPECT_EQ(::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0) << std::strerror(errno);
    EXPECT_EQ(::listen(fd.get(), 8), 0);
    return fd;
  }

  std::string dir_;
  ProjectPaths paths_;
};

TEST_F(ControlCallTest, NoSocketIsNoSupervisor) {
  auto reply = call(paths_, {{"op", "status"}});
  ASSERT_TRUE(reply) << reply.error().render();
  EXPECT_FALSE(*reply);
}

TEST_F(ControlCallTest, LiveSupervisorThatDoesNotAnswerTimesOutWithWhatToDo) {
  auto listener = listen_without_answering();
  auto lock = sys::FileLock::acquire(paths_.lock());  // it looks alive
  ASSERT_TRUE(lock);
  std::ofstream(paths_.pid()) << "4242\n";
  CallOptions options;
  options.timeout = 300ms;
  auto reply = call(paths_, {{"op", "status"}}, options);
  ASSERT_FALSE(reply) << "a reply from nobody";
  std::string text = reply.error().render();
  EXPECT_NE(text.find("supervisor of project demo"), std::string::npos) << text;
  EXPECT_NE(text.find("\"status\""), std::string::npos) << text;
  EXPECT_NE(text.find(paths_.socket()), std::string::npos) << text;
  EXPECT_NE(text.find("kill 4242"), std::string::npos) << text;
}

TEST_F(ControlCallTest, SocketOfADeadSupervisorIsNoSupervisor) {
  // Listening, but nobody holds the lock: whoever holds the socket open is
  // not a supervisor, and the call must not wait for it (here without a
  // deadline, as wait_healthy calls).
  auto listener = listen_without_answering();
  CallOptions options;
  options.timeout.reset();
  auto reply = call(paths_, {{"op", "wait_healthy"}, {"id", "x"}}, options);
  ASSERT_TRUE(reply) << reply.error().render();
  EXPECT_FALSE(*reply);
}

TEST_F(ControlCallTest, CancelEndsAWaitWithoutDeadline) {
  auto listener = listen_without_answering();
  auto lock = sys::FileLock::acquire(paths_.lock());
  ASSERT_TRUE(lock);
  std::atomic<bool> cancel{true};
  CallOptions options;
  options.cancel = &cancel;
  options.timeout.reset();
  auto reply = call(paths_, {{"op", "wait_healthy"}, {"id", "x"}}, options);
  ASSERT_FALSE(reply);
  EXPECT_NE(reply.error().render().find("interrupted"), std::string::npos) << reply.error().render();
}

TEST(ControlTimeout, DefaultIsTenSecondsUnlessTheEnvironmentSays) {
  ::unsetenv("MOCKER_SUPERVISOR_TIMEOUT");
  EXPECT_EQ(default_call_timeout(), 10s);
  ::setenv("MOCKER_SUPERVISOR_TIMEOUT", "2.5", 1);
  EXPECT_EQ(default_call_timeout(), 2500ms);
  ::setenv("MOCKER_SUPERVISOR_TIMEOUT", "soon", 1);
  EXPECT_EQ(default_call_timeout(), 10s);
  ::unsetenv("MOCKER_SUPERVISOR_TIMEOUT");
}

}  // namespace
}  // namespace mocker::orchestrator::supervisor
