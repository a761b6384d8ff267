// The project's command lock: one holder at a time, a waiter goes on once it
// is released, Ctrl-C ends a wait, and a lock file removed under its holder
// (down removes the run directory) does not let two commands in at once.
#include "project_lock.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace mocker::cli::compose {
namespace {

namespace fs = std::filesystem;

class ProjectLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "mocker-lock-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
    paths_ = orchestrator::supervisor::project_paths(root_, "demo");
  }
  void TearDown() override { fs::remove_all(root_); }

  // An acquire that gives up at once if the lock is taken.
  bool free_now() {
    std::atomic<bool> cancel{true};
    auto lock = ProjectLock::acquire(paths_, "demo", &cancel);
    return lock.ok();
  }

  std::string root_;
  orchestrator::supervisor::ProjectPaths paths_;
};

TEST_F(ProjectLockTest, OneHolderAtATime) {
  auto first = ProjectLock::acquire(paths_, "demo");
  ASSERT_TRUE(first.ok()) << first.error().render();
  EXPECT_FALSE(free_now());
  first->release();
  EXPECT_TRUE(free_now());
}

TEST_F(ProjectLockTest, AWaiterGoesOnOnceTheHolderLetsGo) {
  auto first = ProjectLock::acquire(paths_, "demo");
  ASSERT_TRUE(first.ok());
  std::atomic<bool> released{false}, got{false}, got_after_release{false};
  std::thread waiter([&] {
    auto second = ProjectLock::acquire(paths_, "demo");
    got_after_release = released.load();
    got = second.ok();
  });
  released = true;
  first->release();
  waiter.join();
  EXPECT_TRUE(got);
  EXPECT_TRUE(got_after_release) << "the waiter got in while the first held the lock";
}

TEST_F(ProjectLockTest, CancelEndsAWait) {
  auto first = ProjectLock::acquire(paths_, "demo");
  ASSERT_TRUE(first.ok());
  std::atomic<bool> cancel{false};
  std::thread interrupt([&] { cancel = true; });
  auto second = ProjectLock::acquire(paths_, "demo", &cancel);
  interrupt.join();
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.error().render().find("interrupted"), std::string::npos) << second.error().render();
}

TEST_F(ProjectLockTest, ALockFileRemovedUnderItsHolderIsNotShared) {
  auto first = ProjectLock::acquire(paths_, "demo");
  ASSERT_TRUE(first.ok());
  std::atomic<bool> got{false};
  std::thread waiter([&] {
    auto second = ProjectLock::acquire(paths_, "demo");
    got = second.ok();
    // It holds the file now at the path, not the removed one.
    EXPECT_FALSE(free_now());
  });
  std::error_code ec;
  fs::remove_all(paths_.dir, ec);  // what down does, holding the lock
  first->release();
  waiter.join();
  EXPECT_TRUE(got);
  EXPECT_TRUE(free_now());
}

}  // namespace
}  // namespace mocker::cli::compose
