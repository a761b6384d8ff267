#pragma once
// Privileged test harness. Each test binary's main (from this library) puts the
// process in private mount and network namespaces and makes it a child
// subreaper; ctest runs every test case in its own process, so each case gets
// its own namespaces. PrivilegedTest gives a fresh root dir and checks for leaks.
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mocker::test {

// True when the environment asks privileged tests to fail rather than skip.
bool ci_mode();

// Skips the test when not root; fails instead under CI=true.
#define MOCKER_REQUIRE_ROOT()                                                     \
  do {                                                                           \
    if (!::mocker::test::is_root()) {                                            \
      if (::mocker::test::ci_mode()) FAIL() << "privileged test cannot run: not root (CI=true)"; \
      GTEST_SKIP() << "needs root";                                              \
    }                                                                            \
  } while (0)

bool is_root();

// What the leak check looks at; each returns a description per leaked object.
std::vector<std::string> mounts_under(const std::string& dir);
std::vector<std::string> loop_devices_backed_under(const std::string& dir);
std::vector<std::string> live_children();
std::vector<std::string> cgroups_named(const std::string& name);
std::vector<std::string> links_other_than_lo();
// Our nftables table ("table ip mocker") in the test's network namespace.
std::vector<std::string> nft_tables_of_ours();

// Runs a shell command, returns its exit status and captured stdout+stderr.
struct Command {
  int status;
  std::string output;
};
Command run(const std::string& shell_command);

class PrivilegedTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  const std::string& root_dir() const { return root_dir_; }
  // A cgroup parent name unique to this test process; the leak check verifies
  // nothing is left below it in any hierarchy.
  const std::string& cgroup_parent() const { return cgroup_parent_; }

 private:
  std::string root_dir_;
  std::string cgroup_parent_;
};

}  // namespace mocker::test
