#pragma once
// Terminal and stdin tests of both CLIs: a store with the busybox image, the
// CLIs run on a pty the test drives, and 10 MB of random bytes for stdin.
#include "compose_fixture.hpp"
#include "pty_session.hpp"

#include <cstring>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace mocker::test {

class TerminalTest : public ComposeTest {
 protected:
  // The environment the CLIs get on the pty: the test's store and cgroups,
  // and no TERM unless given.
  std::vector<std::string> cli_env(const std::string& term = "") const {
    std::vector<std::string> env = {"PATH=/usr/sbin:/usr/bin:/sbin:/bin", "MOCKER_ROOT=" + store_root(),
                                    "MOCKER_CGROUP_PARENT=" + cgroup_parent()};
    if (!term.empty()) env.push_back("TERM=" + term);
    return env;
  }

  std::unique_ptr<PtySession> mocker_on_pty(std::vector<std::string> args, const std::string& term = "",
                                            uint16_t rows = 30, uint16_t cols = 100) {
    args.insert(args.begin(), std::string(MOCKER_BIN_DIR) + "/mocker");
    return std::make_unique<PtySession>(args, cli_env(term), "/", rows, cols);
  }

  std::unique_ptr<PtySession> compose_on_pty(std::vector<std::string> args, const std::string& dir,
                                             const std::string& term = "", uint16_t rows = 30, uint16_t cols = 100) {
    args.insert(args.begin(), std::string(MOCKER_BIN_DIR) + "/mocker-compose");
    return std::make_unique<PtySession>(args, cli_env(term), dir, rows, cols);
  }

  // A file of `size` random bytes; returns its path.
  std::string random_file(size_t size) {
    std::string file = path("random.bin");
    std::mt19937_64 gen(std::random_device{}());
    std::string bytes(size, '\0');
    for (size_t i = 0; i + 8 <= size; i += 8) {
      uint64_t v = gen();
      std::memcpy(bytes.data() + i, &v, 8);
    }
    std::ofstream(file, std::ios::binary) << bytes;
    return file;
  }

  std::string sha256_of(const std::string& file) {
    auto r = run("sha256sum < " + file + " | cut -d' ' -f1");
    return r.output;
  }

  // A project whose one service sleeps, with a volume to mount in one-offs.
  std::string sleeper_project(const std::string& name) {
    return project(name,
                   "services:\n"
                   "  web:\n"
                   "    image: busybox\n"
                   "    command: [\"sleep\", \"1000\"]\n"
                   "    network_mode: none\n"
                   "volumes:\n"
                   "  data: {}\n");
  }
};

}  // namespace mocker::test
