#include <mocker/sys/fd.hpp>
#include <mocker/sys/hints.hpp>
#include <mocker/sys/result.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>

namespace sys = mocker::engine::sys;

namespace {
sys::Result<int> half(int x) {
  if (x % 2) return sys::Error::invalid("halve", std::to_string(x), "odd number");
  return x / 2;
}
sys::Result<int> quarter(int x) {
  int h = MOCKER_TRY(half(x));
  return MOCKER_TRY(std::move(half(h)).context("second half"));
}
}  // namespace

TEST(Error, RendersContextOperationObjectAndErrnoInWords) {
  auto e = sys::Error::from_errno("mount", "/proc", EPERM).wrap("start web-1");
  EXPECT_EQ(e.render(), "start web-1: mount /proc: Operation not permitted");
}

TEST(Error, LongFormAddsNotesAndHint) {
  auto e = sys::Error::from_errno("mount btrfs", "/x", ENODEV);
  e = sys::with_known_hint(std::move(e));
  e = std::move(e).with_note("cleanup: umount /x: Device or resource busy");
  EXPECT_EQ(e.render_long(),
            "mount btrfs /x: No such device\n"
            "  note: cleanup: umount /x: Device or resource busy\n"
            "  hint: the kernel has no btrfs support: load it with 'modprobe btrfs'");
}

TEST(Result, TryPropagatesFirstErrorWithContext) {
  EXPECT_EQ(*quarter(8), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().render(), "second half: halve 3: odd number");
}

TEST(Fd, AtomicWriteReplacesWholeFile) {
  auto dir = std::filesystem::temp_directory_path() / ("mocker-unit-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "rec.json").string();
  ASSERT_TRUE(sys::write_file_atomic(path, "first"));
  ASSERT_TRUE(sys::write_file_atomic(path, "second"));
  EXPECT_EQ(*sys::read_file(path), "second");
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1);  // no temp left
  std::filesystem::remove_all(dir);
}

TEST(Fd, ReadMissingFileNamesPathAndErrno) {
  auto r = sys::read_file("/nonexistent/mocker/file");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().render(), "open /nonexistent/mocker/file: No such file or directory");
}

TEST(Hints, MatchOperationAndErrno) {
  auto full = sys::with_known_hint(sys::Error::from_errno("write", "/store/x", ENOSPC));
  EXPECT_NE(full.hint.find("store is full"), std::string::npos);
  // A cgroup write failing with ENOSPC is about cpusets, not the store.
  auto cgroup = sys::with_known_hint(sys::Error::from_errno("write \"1\" to", "/sys/fs/cgroup/x", ENOSPC));
  EXPECT_EQ(cgroup.hint, "");
  auto other = sys::with_known_hint(sys::Error::from_errno("write", "/x", EIO));
  EXPECT_EQ(other.hint, "");
}

TEST(Error, AFullStoreIsNamedWhateverTheOperation) {
  sys::note_store_root("/srv/mocker");
  auto e = sys::Error::from_errno("write", "/srv/mocker/store/state/endpoints/x.json.tmp.1.2", ENOSPC)
               .wrap("clean up networks");
  std::string text = e.render_long();
  EXPECT_NE(text.find("\n  hint: the store at /srv/mocker/store is full: remove containers, images and volumes"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("--store-size"), std::string::npos) << text;
  EXPECT_NE(text.find("btrfs filesystem resize max /srv/mocker/store"), std::string::npos) << text;
  sys::note_store_root("");
}
