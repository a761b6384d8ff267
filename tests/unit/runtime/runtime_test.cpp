// The runtime's parts that need no privileges: finding mocker-init, reading exit
// records, and refusing incomplete requests before anything is started.
#include <mocker/runtime/runtime.hpp>

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace runtime = mocker::engine::runtime;
namespace fs = std::filesystem;

namespace {

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mocker-unit-runtime-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    ::unsetenv("MOCKER_INIT");
    fs::remove_all(dir_);
  }
  fs::path dir_;
};

using LocateInit = TempDir;

TEST_F(LocateInit, EnvironmentWins) {
  auto init = dir_ / "my-init";
  std::ofstream(init) << "";
  fs::permissions(init, fs::perms::owner_all);
  ::setenv("MOCKER_INIT", init.c_str(), 1);
  auto r = runtime::locate_init();
  ASSERT_TRUE(r) << r.error().render();
  EXPECT_EQ(*r, init.string());
}

TEST_F(LocateInit, EnvironmentPointingNowhereIsAnError) {
  ::setenv("MOCKER_INIT", (dir_ / "missing").c_str(), 1);
  auto r = runtime::locate_init();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().render(), "MOCKER_INIT " + (dir_ / "missing").string() + ": No such file or directory");
}

TEST_F(LocateInit, SaysWhereItLookedNextToTheExecutable) {
  ::unsetenv("MOCKER_INIT");
  auto self = fs::read_symlink("/proc/self/exe").parent_path();
  if (fs::exists(self / "mocker-init")) GTEST_SKIP() << "a mocker-init sits next to this test binary";
  auto r = runtime::locate_init();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().render().find((self / "mocker-init").string()), std::string::npos) << r.error().render();
  EXPECT_NE(r.error().render().find("set MOCKER_INIT"), std::string::npos);
}

using ExitRecordFile = TempDir;

TEST_F(ExitRecordFile, AbsentWhileRunningParsedWhenWritten) {
  auto none = runtime::read_exit_record(dir_.string());
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
  std::ofstream(dir_ / "exit.json") << R"({"exit_code":3,"signal":0,"oom_killed":false,"finished_at":"t"})";
  auto some = runtime::read_exit_record(dir_.string());
  ASSERT_TRUE(some);
  ASSERT_TRUE(*some);
  EXPECT_EQ((*some)->exit_code, 3);
}

TEST_F(ExitRecordFile, GarbageIsAnErrorNamingTheFile) {
  std::ofstream(dir_ / "exit.json") << "{";
  auto r = runtime::read_exit_record(dir_.string());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().context.front(), (dir_ / "exit.json").string());
}

TEST(Start, IncompleteSpecsAreRefusedBeforeAnythingRuns) {
  runtime::ContainerSpec s;
  s.id = "c1";
  auto no_init = runtime::start(s, {});
  ASSERT_FALSE(no_init);
  EXPECT_EQ(no_init.error().render(), "start c1: no mocker-init path given");
  s.init_path = "/nonexistent/mocker-init";
  s.rootfs = "/r";
  auto no_args = runtime::start(s, {});
  ASSERT_FALSE(no_args);
  EXPECT_EQ(no_args.error().render(), "start c1: no command given");
  s.process.args = {"sh"};
  s.network = runtime::NetworkMode::join;
  auto no_netns = runtime::start(s, {});
  ASSERT_FALSE(no_netns);
  EXPECT_EQ(no_netns.error().render(), "start c1: network mode join needs a network namespace path");
  s.network = runtime::NetworkMode::host;
  auto missing_init = runtime::start(s, {});
  ASSERT_FALSE(missing_init);
  EXPECT_EQ(missing_init.error().render(), "mocker-init /nonexistent/mocker-init: No such file or directory");
}

}  // namespace
