// Convergence under the conditions operators meet: health-gated chains on a
// cold start, a dependency that needs a restart, stop then up, a network
// removed under stopped containers, concurrent commands on one project, and
// a supervisor that is not listening yet. Races are held at fault points.
#include "background.hpp"
#include "compose_fixture.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

namespace mocker::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class ReliabilityTest : public ComposeTest {
 protected:
  // The environment every mocker-compose here runs with.
  std::string env() const {
    return "MOCKER_ROOT=" + store_root() + " MOCKER_CGROUP_PARENT=" + cgroup_parent() + " ";
  }
  std::string compose_bin() const { return std::string(MOCKER_BIN_DIR) + "/mocker-compose --progress plain "; }

  // `args` in `dir` in the background, output to `log`; `fault` arms a fault point.
  std::unique_ptr<Background> background(const std::string& dir, const std::string& args, const std::string& log,
                                         const std::string& fault = "") {
    std::string armed = fault.empty() ? "" : "MOCKER_FAULT=" + fault + " MOCKER_FAULT_MARK=" + path("fault.mark") + " ";
    return std::make_unique<Background>("cd " + dir + " && " + env() + armed + "exec " + compose_bin() + args + " >" +
                                        log + " 2>&1");
  }

  bool fault_reached(const std::string& name) {
    return eventually([&] { return contains(run("cat " + path("fault.mark") + " 2>/dev/null").output, name); }, 60s);
  }

  std::string text_of(const std::string& file) { return run("cat " + file).output; }

  json ps(const std::string& project_name) {
    // One JSON object per line, as docker compose prints them.
    auto out = compose_plain("-p " + project_name + " ps -a --format json", "/");
    json rows = json::array();
    std::istringstream lines(out.output);
    for (std::string line; std::getline(lines, line);) {
      auto row = json::parse(line, nullptr, false);
      if (row.is_object()) rows.push_back(std::move(row));
    }
    return rows;
  }

  // The pid of the project's detached supervisor, 0 if none.
  static pid_t supervisor_pid(const std::string& project_name) {
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
      std::ifstream in(e.path() / "cmdline", std::ios::binary);
      std::string cmd((std::istreambuf_iterator<char>(in)), {});
      if (cmd.find("mocker-supervisor") != std::string::npos &&
          cmd.find(std::string("--project-name") + '\0' + project_name + '\0') != std::string::npos)
        return std::stoi(e.path().filename());
    }
    return 0;
  }

  // The project's containers by name.
  std::vector<std::string> names(const std::string& project_name) {
    std::vector<std::string> out;
    for (const auto& c : ps(project_name)) out.push_back(c.value("Name", ""));
    return out;
  }
};

// A service that becomes healthy a second after it starts.
std::string healthy_service(const std::string& name, const std::vector<std::string>& waits_for) {
  std::string text = "  " + name + R"(:
    image: busybox
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; exec sleep 1000"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ready"]
      interval: 200ms
      timeout: 2s
      retries: 3
      start_period: 30s
      start_interval: 200ms
)";
  if (waits_for.empty()) return text;
  text += "    depends_on:\n";
  for (const auto& d : waits_for) text += "      " + d + ": {condition: service_healthy}\n";
  return text;
}

// Every container runs; those a dependent waited for are healthy (`top`,
// which nobody waits for, may still be starting).
void expect_all_running_and_healthy(const json& list, size_t count, const std::string& top) {
  ASSERT_EQ(list.size(), count) << list.dump();
  for (const auto& c : list) {
    EXPECT_EQ(c.value("State", ""), "running") << c.dump();
    if (c.value("Service", "") != top) {
      EXPECT_EQ(c.value("Health", ""), "healthy") << c.dump();
    }
  }
}

TEST_F(ReliabilityTest, TwoLevelHealthChainComesUpOnAColdStart) {
  std::string dir = project("chain2", "services:\n" + healthy_service("db", {}) + healthy_service("cache", {}) +
                                          healthy_service("app", {"db", "cache"}) + healthy_service("web", {"app"}));
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  expect_all_running_and_healthy(ps("chain2"), 4, "web");
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ReliabilityTest, ThreeLevelHealthChainComesUpOnAColdStartOneOperationAtATime) {
  std::string dir = project("chain3", "services:\n" + healthy_service("db", {}) + healthy_service("app", {"db"}) +
                                          healthy_service("web", {"app"}) + healthy_service("front", {"web"}));
  auto up = run("cd " + dir + " && COMPOSE_PARALLEL_LIMIT=1 " + env() + std::string(MOCKER_BIN_DIR) +
           "/mocker-compose --progress quiet up -d 2>&1");
  ASSERT_EQ(up.status, 0) << up.output;
  expect_all_running_and_healthy(ps("chain3"), 4, "front");
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ReliabilityTest, ADependencyIsWaitedForThroughTheRestartItsPolicyMakes) {
  // db fails its first run (the marker stays in its root file system), and
  // comes up healthy on the restart unless-stopped makes.
  std::string dir = project("flaky", R"(services:
  db:
    image: busybox
    command: ["sh", "-c", "[ -f /ran-once ] || { touch /ran-once; exit 1; }; touch /tmp/ready; exec sleep 1000"]
    restart: unless-stopped
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ready"]
      interval: 200ms
      start_period: 30s
      start_interval: 200ms
  web:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
    depends_on:
      db: {condition: service_healthy}
)");
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  auto list = ps("flaky");
  ASSERT_EQ(list.size(), 2u) << list.dump();
  EXPECT_EQ(list[0].value("RestartCount", int64_t(0)), 1) << list.dump();
  EXPECT_EQ(list[0].value("Health", ""), "healthy") << list.dump();
  EXPECT_EQ(list[1].value("State", ""), "running") << list.dump();
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ReliabilityTest, AWaitEndsWhenThePolicyGivesUp) {
  std::string dir = project("doomed", R"(services:
  db:
    image: busybox
    command: ["sh", "-c", "exit 3"]
    restart: on-failure:2
    healthcheck: {test: ["CMD", "true"], interval: 200ms}
  web:
    image: busybox
    command: ["sleep", "1000"]
    depends_on:
      db: {condition: service_healthy}
)");
  auto up = compose("up -d", dir);
  EXPECT_NE(up.status, 0);
  EXPECT_TRUE(contains(up.output, "gave up after 2 attempts")) << up.output;
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ReliabilityTest, StopThenUpWithAHealthDependency) {
  std::string dir = project("stopup", "services:\n" + healthy_service("db", {}) + healthy_service("web", {"db"}));
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  ASSERT_EQ(compose("stop -t 1", dir).status, 0);
  auto again = compose("up -d", dir);
  ASSERT_EQ(again.status, 0) << again.output;
  expect_all_running_and_healthy(ps("stopup"), 2, "web");
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ReliabilityTest, ContainersOnARemovedNetworkAreRecreated) {
  std::string dir = project("lostnet", R"(services:
  web:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
)");
  ASSERT_EQ(compose("up -d", dir).status, 0);
  std::string before = id_of("lostnet-web-1");
  ASSERT_EQ(compose("stop -t 1", dir).status, 0);
  // What a lost up/down race (or an older mocker, which let `network rm`
  // through) left: the network gone under a stopped container.
  ASSERT_TRUE(engine().networks().release(before));
  ASSERT_TRUE(engine().networks().remove("lostnet_default"));
  auto plan = compose("up --dry-run", dir);
  EXPECT_TRUE(contains(plan.output, "recreate lostnet-web-1: network lostnet_default was removed")) << plan.output;
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  auto web = engine().containers().get("lostnet-web-1");
  ASSERT_TRUE(web) << web.error().render();
  EXPECT_NE(web->id, before);
  EXPECT_EQ(web->state.status, engine::container::Status::running);
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

const char* kPair = R"(services:
  web:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
    volumes: [data:/data]
  worker:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
volumes:
  data: {}
)";

TEST_F(ReliabilityTest, TwoConcurrentUpsBothSucceedWithOneSetOfContainers) {
  std::string dir = project("twice", kPair);
  // The first is held after planning, with the lock; the second comes then.
  auto first = background(dir, "up -d", path("first.log"), "compose.up.planned:stop");
  ASSERT_TRUE(fault_reached("compose.up.planned")) << text_of(path("first.log"));
  auto second = background(dir, "up -d", path("second.log"));
  // Without a lock it would be done (or failed) by now; with one it waits.
  bool waiting = eventually([&] {
    return second->wait(1ms).has_value() || contains(text_of(path("second.log")), "waiting for another");
  }, 60s);
  ASSERT_TRUE(waiting) << text_of(path("second.log"));
  first->signal(SIGCONT);
  auto first_status = first->wait(120s);
  auto second_status = second->wait(120s);
  ASSERT_TRUE(first_status && second_status);
  EXPECT_EQ(*first_status, 0) << text_of(path("first.log"));
  EXPECT_EQ(*second_status, 0) << text_of(path("second.log"));
  EXPECT_TRUE(contains(text_of(path("second.log")), "waiting for another mocker-compose command on project twice"))
      << text_of(path("second.log"));
  auto list = names("twice");
  std::sort(list.begin(), list.end());
  EXPECT_EQ(list, (std::vector<std::string>{"twice-web-1", "twice-worker-1"}));
  ASSERT_EQ(compose("down -v -t 1", dir).status, 0);
  expect_nothing_left();
  expect_store_empty_of_volumes();
}

TEST_F(ReliabilityTest, DownStartedWhileUpRunsWaitsAndRemovesEverything) {
  std::string dir = project("race", kPair);
  auto up = background(dir, "up -d", path("up.log"), "compose.up.planned:stop");
  ASSERT_TRUE(fault_reached("compose.up.planned")) << text_of(path("up.log"));
  auto down = background(dir, "down -v -t 1", path("down.log"));
  bool waiting = eventually([&] {
    return down->wait(1ms).has_value() || contains(text_of(path("down.log")), "waiting for another");
  }, 60s);
  ASSERT_TRUE(waiting) << text_of(path("down.log"));
  up->signal(SIGCONT);
  auto up_status = up->wait(120s);
  auto down_status = down->wait(120s);
  ASSERT_TRUE(up_status && down_status);
  EXPECT_EQ(*up_status, 0) << text_of(path("up.log"));
  EXPECT_EQ(*down_status, 0) << text_of(path("down.log"));
  // down waited for up and then took everything away.
  EXPECT_TRUE(names("race").empty()) << text_of(path("down.log"));
  expect_nothing_left();
  expect_store_empty_of_volumes();
}

TEST_F(ReliabilityTest, UpWaitsForASupervisorThatIsNotListeningYet) {
  std::string dir = project("late", "services:\n" + healthy_service("db", {}) + healthy_service("web", {"db"}));
  // A supervisor another command started a moment ago: it holds the
  // project's supervisor lock but does not listen yet.
  Background supervisor("MOCKER_ROOT=" + store_root() + " MOCKER_FAULT=supervisor.locked MOCKER_FAULT_MARK=" +
                        path("fault.mark") + " exec " + std::string(MOCKER_BIN_DIR) +
                        "/mocker-supervisor --project-name late >" + path("supervisor.log") + " 2>&1");
  ASSERT_TRUE(fault_reached("supervisor.locked")) << text_of(path("supervisor.log"));
  auto up = background(dir, "up -d", path("up.log"));
  // up gets as far as waiting for db's health...
  ASSERT_TRUE(eventually([&] { return contains(text_of(path("up.log")), "Waiting"); }, 60s)) << text_of(path("up.log"));
  std::this_thread::sleep_for(500ms);
  // ...and keeps waiting for the supervisor rather than failing at once.
  EXPECT_FALSE(up->wait(1ms).has_value()) << text_of(path("up.log"));
  supervisor.signal(SIGCONT);
  auto status = up->wait(120s);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, 0) << text_of(path("up.log"));
  expect_all_running_and_healthy(ps("late"), 2, "web");
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  EXPECT_TRUE(supervisor.wait(10s).has_value()) << "down shuts the supervisor down";
  expect_nothing_left();
}

TEST_F(ReliabilityTest, UpWaitingForHealthOutlivesAKilledSupervisor) {
  std::string dir = project("killsup", R"(services:
  db:
    image: busybox
    command: ["sh", "-c", "while [ ! -f /tmp/go ]; do sleep 0.1; done; exec sleep 1000"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/go"]
      interval: 200ms
      start_period: 60s
      start_interval: 200ms
  web:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
    depends_on:
      db: {condition: service_healthy}
)");
  auto up = background(dir, "up -d", path("up.log"));
  ASSERT_TRUE(eventually([&] { return contains(text_of(path("up.log")), "Waiting"); }, 60s)) << text_of(path("up.log"));
  pid_t first = supervisor_pid("killsup");
  ASSERT_GT(first, 0);
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  for (int i = 0; i < 100 && ::kill(first, 0) == 0; ++i) std::this_thread::sleep_for(20ms);
  // db becomes healthy only now, under whatever supervisor watches it.
  ASSERT_EQ(in("killsup-db-1", "touch /tmp/go").status, 0);
  auto status = up->wait(120s);
  ASSERT_TRUE(status);
  EXPECT_EQ(*status, 0) << text_of(path("up.log"));
  EXPECT_GT(supervisor_pid("killsup"), 0) << "a new supervisor watches the project";
  auto again = compose("up -d", dir);
  EXPECT_EQ(again.status, 0) << again.output;
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

}  // namespace
}  // namespace mocker::test
