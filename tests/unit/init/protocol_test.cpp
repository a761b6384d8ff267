#include <mocker/init/protocol.hpp>
#include <mocker/init/step_board.hpp>

#include <gtest/gtest.h>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace init = mocker::engine::init;
namespace sys = mocker::engine::sys;

namespace {

TEST(Frame, RoundTripsEverySyncPoint) {
  const init::Frame frames[] = {
      {init::SyncPoint::init_started, 0, 0, "", ""},
      {init::SyncPoint::placed, 0, 0, "", ""},
      {init::SyncPoint::ready, 0, 4242, "", ""},
      {init::SyncPoint::failed, ENOENT, -1, "mount volumes", "bind /x on /data"},
  };
  for (const auto& f : frames) {
    auto back = init::decode_frame(init::encode_frame(f));
    ASSERT_TRUE(back) << static_cast<int>(f.point);
    EXPECT_EQ(back->point, f.point);
    EXPECT_EQ(back->err, f.err);
    EXPECT_EQ(back->value, f.value);
    EXPECT_EQ(back->step, f.step);
    EXPECT_EQ(back->message, f.message);
  }
}

TEST(Frame, RejectsMalformedBytes) {
  std::string good = init::encode_frame({init::SyncPoint::failed, 0, 0, "abc", "de"});
  std::string unknown_point = good;
  unknown_point[0] = 9;
  std::string retired_step_frame = good;
  retired_step_frame[0] = 3;
  const std::string cases[] = {"",          good.substr(0, 10), good.substr(0, good.size() - 1), good + "x",
                               unknown_point, retired_step_frame};
  for (const auto& bytes : cases) EXPECT_FALSE(init::decode_frame(bytes)) << bytes.size();
}

TEST(Frame, EncodingWithoutAllocationCutsToTheBuffer) {
  char buf[init::frame_layout::kHeader + 8];
  std::string long_message(100, 'm');
  size_t n = init::encode_frame_into(init::SyncPoint::failed, EPERM, 0, "step", long_message, buf, sizeof buf);
  EXPECT_EQ(n, sizeof buf);
  auto f = init::decode_frame(std::string_view(buf, n));
  ASSERT_TRUE(f);
  EXPECT_EQ(f->step, "step");
  EXPECT_EQ(f->message, "mmmm");
  EXPECT_EQ(f->err, EPERM);
}

TEST(Frame, FailureTravelsAndRendersWhole) {
  auto e = sys::Error::from_errno("bind", "/x on /data", ENOENT);
  auto f = init::failure_frame("mount volumes", e);
  EXPECT_EQ(f.message, "bind /x on /data");
  EXPECT_EQ(f.err, ENOENT);
  auto back = init::decode_frame(init::encode_frame(f));
  ASSERT_TRUE(back);
  EXPECT_EQ(init::frame_error(*back).render(), "mount volumes: bind /x on /data: No such file or directory");
  auto no_errno = init::failure_frame("exec", sys::Error::invalid("exec \"nope\"", "", "executable file not found in $PATH"));
  EXPECT_EQ(init::frame_error(no_errno).render(), "command not found: exec \"nope\": executable file not found in $PATH");
  EXPECT_EQ(init::command_failure_status(sys::Error(init::frame_error(no_errno)).wrap("exec in app")), 127);
  auto denied = init::failure_frame("exec", sys::Error::from_errno("exec \"/etc/passwd\"", "", EACCES));
  EXPECT_EQ(init::frame_error(denied).render(), "command cannot be executed: exec \"/etc/passwd\": Permission denied");
  EXPECT_EQ(init::command_failure_status(init::frame_error(denied)), 126);
  EXPECT_EQ(init::command_failure_status(init::frame_error(*back)), 0);
}

// The board as the runtime makes it (a memfd) and init writes it (another
// process mapping the same file): the reader sees the last step announced.
TEST(StepBoard, ShowsTheLastStepAnotherProcessAnnounced) {
  int fd = ::memfd_create("step-board-test", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, init::kStepBoardSize), 0);
  auto board = init::map_step_board(fd);
  ASSERT_TRUE(board) << board.error().render();
  EXPECT_EQ((*board)->current(), "");  // nothing announced yet
  pid_t child = ::fork();
  if (child == 0) {
    auto own = init::map_step_board(fd);
    if (!own) ::_exit(1);
    (*own)->announce("mount /proc");
    (*own)->announce("pivot root");
    ::_exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ((*board)->current(), "pivot root");
  EXPECT_EQ((*board)->seq.load() % 2, 0u);
  ::close(fd);
}

TEST(StepBoard, ALongNameIsCutToThePage) {
  int fd = ::memfd_create("step-board-test", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, init::kStepBoardSize), 0);
  auto board = init::map_step_board(fd);
  ASSERT_TRUE(board);
  (*board)->announce(std::string(2 * init::kStepBoardSize, 's'));
  EXPECT_EQ((*board)->current(), std::string(sizeof(init::StepBoard::name) - 1, 's'));
  (*board)->announce("short");
  EXPECT_EQ((*board)->current(), "short");
  ::close(fd);
}

}  // namespace
