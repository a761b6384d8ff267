#include <mocker/init/command.hpp>
#include <mocker/init/process.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

namespace init = mocker::engine::init;
namespace fs = std::filesystem;

namespace {

class FindExecutable : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mocker-unit-exec-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "a");
    fs::create_directories(dir_ / "b");
    make(dir_ / "a" / "plain", fs::perms::owner_read);
    make(dir_ / "b" / "plain", fs::perms::owner_all);
    make(dir_ / "b" / "tool", fs::perms::owner_all);
    make(dir_ / "a" / "data", fs::perms::owner_read);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void make(const fs::path& p, fs::perms perms) {
    std::ofstream(p) << "#!/bin/sh\n";
    fs::permissions(p, perms);
  }
  std::string path() const { return (dir_ / "a").string() + ":" + (dir_ / "b").string(); }
  fs::path dir_;
};

TEST_F(FindExecutable, SearchesPathInOrderSkippingWhatCannotRun) {
  auto r = init::find_executable("plain", path());
  ASSERT_TRUE(r) << r.error().render();
  EXPECT_EQ(*r, (dir_ / "b" / "plain").string());
  EXPECT_EQ(*init::find_executable("tool", path()), (dir_ / "b" / "tool").string());
}

TEST_F(FindExecutable, NotFoundNotRunnableAndExplicitPaths) {
  auto missing = init::find_executable("nope", path());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().render(), "exec \"nope\": executable file not found in $PATH");
  EXPECT_EQ(init::exec_failure_status(missing.error()), 127);

  auto explicit_missing = init::find_executable("/nonexistent/tool", path());
  ASSERT_FALSE(explicit_missing);
  EXPECT_EQ(explicit_missing.error().render(), "exec \"/nonexistent/tool\": No such file or directory");
  EXPECT_EQ(init::exec_failure_status(explicit_missing.error()), 127);

  auto dir = init::find_executable(dir_.string(), path());
  ASSERT_FALSE(dir);
  EXPECT_EQ(init::exec_failure_status(dir.error()), 126);

  std::string explicit_path = (dir_ / "a" / "data").string();
  EXPECT_EQ(*init::find_executable(explicit_path, ""), explicit_path) << "execve decides about explicit paths";
  EXPECT_EQ(init::exec_failure_status(mocker::engine::sys::Error::from_errno("exec", "", EACCES)), 126);
}

TEST(WorkloadEnv, AddsPathAndHomeOnlyWhenUnset) {
  init::Credentials c;
  c.home = "/home/app";
  init::Process p;
  p.env = {"A=1"};
  EXPECT_EQ(init::workload_env(p, c),
            (std::vector<std::string>{"A=1", std::string("PATH=") + init::kDefaultPath, "HOME=/home/app"}));
  p.env = {"HOME=/x", "PATH=/bin", "PATHX=1"};
  EXPECT_EQ(init::workload_env(p, c), p.env);
  EXPECT_EQ(init::env_value(p.env, "PATH"), "/bin");
  EXPECT_EQ(init::env_value(p.env, "PAT"), std::nullopt);
  EXPECT_EQ(init::env_value({"EMPTY="}, "EMPTY"), "");
}

}  // namespace
