#include <mocker/init/protocol.hpp>

#include <gtest/gtest.h>

#include <cerrno>

namespace init = mocker::engine::init;
namespace sys = mocker::engine::sys;

namespace {

TEST(Frame, RoundTripsEverySyncPoint) {
  const init::Frame frames[] = {
      {init::SyncPoint::init_started, 0, 0, "", ""},
      {init::SyncPoint::placed, 0, 0, "", ""},
      {init::SyncPoint::step, 0, 0, "mount /proc", ""},
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
  std::string good = init::encode_frame({init::SyncPoint::step, 0, 0, "abc", "de"});
  std::string unknown_point = good;
  unknown_point[0] = 9;
  const std::string cases[] = {"", good.substr(0, 10), good.substr(0, good.size() - 1), good + "x", unknown_point};
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
  EXPECT_EQ(init::frame_error(no_errno).render(), "exec: exec \"nope\": executable file not found in $PATH");
}

}  // namespace
