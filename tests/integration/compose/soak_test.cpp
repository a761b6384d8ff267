// Soak: a seeded random walk of up / down / stop / restart and kill -9 of a
// command half-way, against two small projects, then a final up and down -v
// that must leave nothing and a volume whose data must be intact. Every
// command that was not killed must succeed: "the next command converges".
//
// CI runs a short walk with a fixed seed. Longer walks are opt-in:
//   MOCKER_SOAK_SEED=N      replay a walk (the seed is printed at the start)
//   MOCKER_SOAK_STEPS=N     steps (default 12)
//   MOCKER_SOAK_SECONDS=N   stop taking steps after N seconds (default 120)
#include "compose_fixture.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <random>
#include <thread>

namespace mocker::test {
namespace {

const char* kAlpha = R"(name: alpha
services:
  db:
    image: busybox
    command: ["sh", "-c", "sleep 0.3; touch /tmp/ready; exec sleep 1000"]
    restart: unless-stopped
    stop_grace_period: 1s
    volumes: ["data:/data"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 200ms
      retries: 20
  web:
    image: busybox
    command: ["sleep", "1000"]
    restart: always
    stop_grace_period: 1s
    depends_on:
      db: {condition: service_healthy}
volumes:
  data: {}
)";

const char* kBeta = R"(name: beta
services:
  a:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
  b:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
    depends_on: [a]
)";

long env_number(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtol(v, nullptr, 10) : fallback;
}

class SoakTest : public ComposeTest {
 protected:
  // mocker-compose in the background, exec'd so that its pid is the command's.
  pid_t start(const std::string& args, const std::string& dir) {
    std::string line = "cd " + dir + " && MOCKER_ROOT=" + store_root() + " MOCKER_CGROUP_PARENT=" + cgroup_parent() +
                       " exec " + std::string(MOCKER_BIN_DIR) + "/mocker-compose --progress quiet " + args +
                       " >/dev/null 2>&1";
    pid_t pid = ::fork();
    if (pid == 0) {
      ::execl("/bin/bash", "bash", "-c", line.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    return pid;
  }

  // kill -9 of a command after `delay`, whatever it was doing then.
  void kill_midway(const std::string& args, const std::string& dir, std::chrono::milliseconds delay) {
    pid_t pid = start(args, dir);
    std::this_thread::sleep_for(delay);
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
};

TEST_F(SoakTest, RandomCommandsAndKillsConverge) {
  const unsigned seed = static_cast<unsigned>(env_number("MOCKER_SOAK_SEED", 20261206));
  const long steps = env_number("MOCKER_SOAK_STEPS", 12);
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(env_number("MOCKER_SOAK_SECONDS", 120));
  std::cout << "soak seed: " << seed << " (MOCKER_SOAK_SEED=" << seed << " replays it)" << std::endl;
  SCOPED_TRACE("MOCKER_SOAK_SEED=" + std::to_string(seed));

  const std::string dirs[] = {project("alpha", kAlpha), project("beta", kBeta)};
  auto up = compose("up -d", dirs[0]);
  ASSERT_EQ(up.status, 0) << up.output;
  auto wrote = in("alpha-db-1", "echo precious > /data/keep");
  ASSERT_EQ(wrote.status, 0) << wrote.output;

  std::mt19937 random(seed);
  const char* commands[] = {"up -d", "down -t 1", "stop -t 1", "restart -t 1"};
  for (long step = 0; step < steps && std::chrono::steady_clock::now() < until; ++step) {
    const std::string& dir = dirs[random() % 2];
    const unsigned pick = random() % 6;
    if (pick >= 4) {  // kill -9 of up or down, somewhere in its first 600 ms
      const char* victim = pick == 4 ? "up -d" : "down -t 1";
      auto delay = std::chrono::milliseconds(random() % 600);
      std::cout << "step " << step << ": kill -9 '" << victim << "' in " << dir << " after " << delay.count() << " ms"
                << std::endl;
      kill_midway(victim, dir, delay);
      continue;
    }
    std::cout << "step " << step << ": " << commands[pick] << " in " << dir << std::endl;
    auto r = compose(commands[pick], dir);
    ASSERT_EQ(r.status, 0) << "step " << step << ": mocker-compose " << commands[pick] << "\n" << r.output;
  }

  for (const auto& dir : dirs) {
    auto final_up = compose("up -d", dir);
    ASSERT_EQ(final_up.status, 0) << final_up.output;
  }
  EXPECT_EQ(in("alpha-db-1", "cat /data/keep").output, "precious\n") << "the named volume kept its data";
  for (const auto& dir : dirs) {
    auto down = compose("down -v -t 1", dir);
    ASSERT_EQ(down.status, 0) << down.output;
  }
  expect_nothing_left();
  expect_store_empty_of_volumes();
}

}  // namespace
}  // namespace mocker::test
