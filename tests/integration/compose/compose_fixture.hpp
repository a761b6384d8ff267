#pragma once
// mocker-compose run as a user runs it, against the test's store, in the
// test's private network namespace.
#include "cli_fixture.hpp"

#include <filesystem>
#include <fstream>
#include <string>

namespace mocker::test {

class ComposeTest : public CliTest {
 protected:
  void TearDown() override {
    // A failed test may leave a stack up: take it down so the leak check
    // judges what the test itself verified.
    for (const auto& project : projects_) compose("-p " + project + " down -v -t 1", "/");
    CliTest::TearDown();
  }

  // Runs mocker-compose in `dir` (the project directory).
  Command compose(const std::string& args, const std::string& dir) {
    return run("cd " + dir + " && MOCKER_ROOT=" + store_root() + " MOCKER_CGROUP_PARENT=" + cgroup_parent() + " " +
               std::string(MOCKER_BIN_DIR) + "/mocker-compose --progress quiet " + args + " 2>&1");
  }
  // As above for subcommands that take no --progress.
  Command compose_plain(const std::string& args, const std::string& dir) {
    return run("cd " + dir + " && MOCKER_ROOT=" + store_root() + " MOCKER_CGROUP_PARENT=" + cgroup_parent() + " " +
               std::string(MOCKER_BIN_DIR) + "/mocker-compose " + args + " 2>&1");
  }

  // A project directory holding compose.yaml with `text`.
  std::string project(const std::string& name, const std::string& text) {
    std::string dir = path(name);
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/compose.yaml") << text;
    projects_.push_back(name);
    return dir;
  }

  // A copy of examples/NAME (so relative bind mounts stay inside the test dir).
  std::string example(const std::string& name, const std::string& project_name) {
    std::string dir = path(name);
    std::filesystem::copy(std::string(MOCKER_SOURCE_DIR) + "/examples/" + name, dir,
                          std::filesystem::copy_options::recursive);
    projects_.push_back(project_name);
    return dir;
  }

  Command in(const std::string& container, const std::string& command) {
    return cli("exec " + container + " sh -c '" + command + "'");
  }

  std::string id_of(const std::string& container) {
    auto c = engine().containers().get(container);
    return c ? c->id : "";
  }

  // Nothing of ours left in the namespace or the store.
  void expect_nothing_left() {
    expect_no_containers();
    auto networks = engine().networks().list();
    ASSERT_TRUE(networks) << networks.error().render();
    for (const auto& n : *networks) ADD_FAILURE() << "network left: " << n.name;
    EXPECT_EQ(run("ip -o link show | grep -c mkr-").output, "0\n") << "bridges or veths left";
    EXPECT_EQ(run("nft list tables | grep -c mocker").output, "0\n") << "nft table left";
  }

  void expect_store_empty_of_volumes() {
    std::vector<std::string> left;
    if (std::filesystem::exists(engine().store().volumes_dir()))
      for (const auto& e : std::filesystem::directory_iterator(engine().store().volumes_dir()))
        left.push_back(e.path().filename());
    EXPECT_TRUE(left.empty()) << "volume left: " << (left.empty() ? "" : left.front());
  }

  std::vector<std::string> projects_;
};

}  // namespace mocker::test
