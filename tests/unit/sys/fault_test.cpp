#include <mocker/sys/fault.hpp>

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <string>

namespace sys = mocker::engine::sys;

namespace {
// Runs fault_point(name) in a child whose environment arms `spec`; returns
// the wait status. The child exits 0 when the point returned success, 1 on error.
int status_of_child(const char* spec, const char* name, const char* mark = nullptr) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setenv("MOCKER_FAULT", spec, 1);
    if (mark) ::setenv("MOCKER_FAULT_MARK", mark, 1);
    auto r = sys::fault_point(name);
    ::_exit(r ? 0 : (r.error().err == EIO ? 1 : 2));
  }
  int status = 0;
  ::waitpid(pid, &status, WUNTRACED);
  if (WIFSTOPPED(status)) {  // the stop action: let it go on
    ::kill(pid, SIGCONT);
    int final_status = 0;
    ::waitpid(pid, &final_status, 0);
    return status;
  }
  return status;
}
}  // namespace

TEST(FaultPoint, UnarmedNameDoesNothing) {
  int s = status_of_child("other:kill", "rm.before-record");
  ASSERT_TRUE(WIFEXITED(s));
  EXPECT_EQ(WEXITSTATUS(s), 0);
}

TEST(FaultPoint, FailReturnsAnErrorNamingThePoint) {
  int s = status_of_child("a:stop,rm.before-record:fail", "rm.before-record");
  ASSERT_TRUE(WIFEXITED(s));
  EXPECT_EQ(WEXITSTATUS(s), 1);
}

TEST(FaultPoint, KillDiesLikeKillNine) {
  int s = status_of_child("rm.before-record:kill", "rm.before-record");
  ASSERT_TRUE(WIFSIGNALED(s));
  EXPECT_EQ(WTERMSIG(s), SIGKILL);
}

TEST(FaultPoint, StopHoldsTheProcessAndMarksTheStep) {
  std::string mark = ::testing::TempDir() + "fault-mark-" + std::to_string(::getpid());
  int s = status_of_child("rm.before-record", "rm.before-record", mark.c_str());
  EXPECT_TRUE(WIFSTOPPED(s));
  std::ifstream in(mark);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "rm.before-record");
  ::unlink(mark.c_str());
}
