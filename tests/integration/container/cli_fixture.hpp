#pragma once
// The mocker CLI run as a user runs it, against the test's store.
#include "container_fixture.hpp"

#include <string>

namespace mocker::test {

class CliTest : public ContainerTest {
 protected:
  std::string mocker() const { return std::string(MOCKER_BIN_DIR) + "/mocker --root " + store_root(); }
  static std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '"' || c == '\\' || c == '$' || c == '`') out += '\\';
      out += c;
    }
    return out;
  }
  Command cli(const std::string& args) {
    // The CLI opens the store itself; the cgroup parent must match the test's.
    return run("bash -c \"MOCKER_CGROUP_PARENT=" + cgroup_parent() + " " + mocker() + " " + escape(args) + "\"");
  }
};

}  // namespace mocker::test
