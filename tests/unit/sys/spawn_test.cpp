// Helpers get exactly the descriptors they are given: one of ours that is
// not close-on-exec (as a library might leave) does not reach them.
#include <mocker/sys/fd.hpp>
#include <mocker/sys/process.hpp>
#include <mocker/sys/spawn.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

namespace mocker::engine::sys {
namespace {

// An inheritable descriptor on /dev/null at a known number, closed at the end.
class Stray {
 public:
  explicit Stray(int number) : fd_(number) {
    int fd = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
    EXPECT_GE(::dup2(fd, fd_), 0);
    ::close(fd);
  }
  ~Stray() { ::close(fd_); }
  int number() const { return fd_; }

 private:
  int fd_;
};

// The descriptor numbers `ls` saw in /proc/self/fd (one of them its own).
std::vector<int> listed(const std::string& output) {
  std::vector<int> out;
  std::istringstream in(output);
  for (std::string word; in >> word;)
    if (word.find_first_not_of("0123456789") == std::string::npos) out.push_back(std::stoi(word));
  return out;
}

TEST(RunProcess, ChildHoldsOnlyItsStdio) {
  Stray stray(57);
  auto r = run_process({"ls", "/proc/self/fd"});
  ASSERT_TRUE(r) << r.error().render();
  ASSERT_EQ(r->exit_code, 0) << r->output;
  auto fds = listed(r->output);
  EXPECT_EQ(std::count(fds.begin(), fds.end(), stray.number()), 0) << r->output;
  // 0, 1, 2 and the directory ls reads.
  EXPECT_LE(fds.size(), 4u) << r->output;
}

TEST(Spawn, PlacesGivenDescriptorsAndNoOthers) {
  Stray stray(58);
  int p[2];
  ASSERT_EQ(::pipe2(p, O_CLOEXEC), 0);
  Fd read_end(p[0]), write_end(p[1]);
  SpawnRequest request;
  // The pipe on 1 and on 5 (a gap at 3 and 4): the child reports on fd 5.
  request.argv = {"sh", "-c", "ls /proc/self/fd >&5"};
  request.search_path = true;
  request.fds = {ChildFd::copy(1, write_end.get()), ChildFd::copy(5, write_end.get())};
  auto pid = spawn(request);
  ASSERT_TRUE(pid) << pid.error().render();
  write_end.reset();
  auto output = read_all(read_end.get(), "pipe");
  int status = 0;
  ASSERT_EQ(::waitpid(*pid, &status, 0), *pid);
  ASSERT_TRUE(output);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << *output;
  auto fds = listed(*output);
  for (int fd : {0, 1, 2, 5}) EXPECT_EQ(std::count(fds.begin(), fds.end(), fd), 1) << fd << " in " << *output;
  EXPECT_EQ(std::count(fds.begin(), fds.end(), stray.number()), 0) << *output;
  // Besides 0, 1, 2, 5: only what sh and ls open for themselves.
  EXPECT_LE(fds.size(), 6u) << *output;
}

TEST(CloseDescriptorsFrom, ClosesEverythingFromTheGivenNumber) {
  Stray low(20), high(900);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close_descriptors_from(21);
    bool ok = ::fcntl(20, F_GETFD) >= 0 && ::fcntl(900, F_GETFD) < 0;
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

TEST(CloseOnExecFrom, MarksWithoutClosing) {
  Stray stray(901);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close_on_exec_from(3);
    int flags = ::fcntl(901, F_GETFD);
    ::_exit(flags >= 0 && (flags & FD_CLOEXEC) ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

}  // namespace
}  // namespace mocker::engine::sys
