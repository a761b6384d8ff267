// The supervisor with real containers: restarts with growing delays and a
// limit, `logs -f` across restarts, stop suppressing restarts,
// service_healthy, adoption after SIGKILL, and the event stream.
#include "compose_fixture.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace mocker::test {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

class SupervisorTest : public ComposeTest {
 protected:
  // `ps -a --format json` of the project, parsed.
  json ps(const std::string& project_name) {
    auto out = compose_plain("-p " + project_name + " ps -a --format json", "/");
    json rows = json::array();  // one object per line
    std::istringstream lines(out.output);
    for (std::string line; std::getline(lines, line);) {
      auto j = json::parse(line, nullptr, false);
      if (j.is_object()) rows.push_back(j);
    }
    return rows;
  }

  // Waits (bounded by count and time) until `done` holds for ps's output.
  bool eventually(const std::string& project_name, const std::function<bool(const json&)>& done,
                  std::chrono::seconds limit = 20s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    for (int i = 0; i < 400 && std::chrono::steady_clock::now() < deadline; ++i) {
      if (done(ps(project_name))) return true;
      std::this_thread::sleep_for(100ms);
    }
    return false;
  }

  // The project's events so far (the journal, through `events --json`).
  std::vector<json> events(const std::string& project_name) {
    auto out = run("MOCKER_ROOT=" + store_root() + " timeout -s INT 1 " + std::string(MOCKER_BIN_DIR) +
                   "/mocker-compose -p " + project_name + " events --json --since-start 2>/dev/null");
    std::vector<json> list;
    std::istringstream in(out.output);
    for (std::string line; std::getline(in, line);) {
      auto j = json::parse(line, nullptr, false);
      if (j.is_object()) list.push_back(j);
    }
    return list;
  }

  static std::vector<std::string> actions(const std::vector<json>& list) {
    std::vector<std::string> out;
    for (const auto& e : list) out.push_back(e.value("action", ""));
    return out;
  }

  // The pid of the project's detached supervisor, 0 if none.
  pid_t supervisor_pid(const std::string& project_name) {
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
      std::ifstream in(e.path() / "cmdline", std::ios::binary);
      std::string cmd((std::istreambuf_iterator<char>(in)), {});
      if (cmd.find("mocker-supervisor") != std::string::npos &&
          cmd.find(std::string("--project-name") + '\0' + project_name + '\0') != std::string::npos)
        return std::stoi(e.path().filename());
    }
    return 0;
  }

  static std::string executable_of(pid_t pid) {
    std::error_code ec;
    return std::filesystem::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec).filename().string();
  }

  static int64_t restarts(const json& c) { return c.value("RestartCount", int64_t(0)); }
  static double seconds_of(const std::string& rfc3339) {
    std::tm tm{};
    strptime(rfc3339.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
    double frac = 0;
    if (auto dot = rfc3339.find('.'); dot != std::string::npos) frac = std::stod("0" + rfc3339.substr(dot, 10));
    return double(timegm(&tm)) + frac;
  }
};

TEST_F(SupervisorTest, CrashLoopRestartsWithGrowingDelaysAndStopsAfterOnFailureLimit) {
  std::string dir = project("crash", R"(services:
  job:
    image: busybox
    command: ["sh", "-c", "exit 3"]
    restart: on-failure:3
)");
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  ASSERT_TRUE(eventually("crash", [](const json& list) {
    return list.size() == 1 && restarts(list[0]) == 3 && list[0].value("State", "") == "exited";
  })) << ps("crash").dump();
  std::this_thread::sleep_for(1s);  // a fourth restart would come within 0.8 s
  auto list = ps("crash");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(restarts(list[0]), 3);
  EXPECT_EQ(list[0].value("State", ""), "exited");
  EXPECT_EQ(list[0].value("ExitCode", -1), 3);

  // From the events: each delay from a die to the next restart grows.
  auto all = events("crash");
  std::vector<double> delays;
  double died = 0;
  for (const auto& e : all) {
    if (e["action"] == "die") died = seconds_of(e["time"]);
    if (e["action"] == "restart" && died > 0) delays.push_back(seconds_of(e["time"]) - died);
  }
  ASSERT_EQ(delays.size(), 3u) << json(all).dump();
  EXPECT_GE(delays[0], 0.09);  // 100 ms, 200 ms, 400 ms; generous upper bounds
  EXPECT_GT(delays[1], delays[0]);
  EXPECT_GT(delays[2], delays[1]);
  EXPECT_GE(delays[2], 0.39);
  EXPECT_LT(delays[2], 5.0);

  ASSERT_EQ(compose("down", dir).status, 0);
  expect_nothing_left();
  EXPECT_EQ(supervisor_pid("crash"), 0);
  EXPECT_FALSE(std::filesystem::exists(store_root() + "/run/compose/crash"));
}

TEST_F(SupervisorTest, LogsFollowGoesOnAcrossRestartsUntilThePolicyGivesUp) {
  std::string dir = project("again", R"(services:
  job:
    image: busybox
    command: ["sh", "-c", "echo run; sleep 0.4; exit 2"]
    restart: on-failure:2
)");
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  // Bounded: three runs of 0.4 s and two delays (0.1 s, 0.2 s) take about 1.5 s.
  auto logs = run("cd " + dir + " && MOCKER_ROOT=" + store_root() + " MOCKER_CGROUP_PARENT=" + cgroup_parent() +
                  " timeout 30 " + std::string(MOCKER_BIN_DIR) + "/mocker-compose logs -f --no-log-prefix 2>&1");
  EXPECT_EQ(logs.status, 0) << "ends by itself once no restart is pending (124: it did not)\n" << logs.output;
  EXPECT_EQ(logs.output, "run\nrun\nrun\n") << "each run's output once, the restarted runs included";
  auto list = ps("again");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(restarts(list[0]), 2);
  EXPECT_EQ(list[0].value("State", ""), "exited");
  ASSERT_EQ(compose("down", dir).status, 0);
  expect_nothing_left();
}

TEST_F(SupervisorTest, AStartBehindItsBackReplacesAPendingRestart) {
  std::string dir = project("pending", R"(services:
  app:
    image: busybox
    command: ["sh", "-c", "if [ -e /ran ]; then exec sleep 1000; fi; touch /ran; sleep 0.3; exit 1"]
    stop_grace_period: 1s
    deploy:
      restart_policy: {condition: on-failure, delay: 2s}
)");
  ASSERT_EQ(compose("up -d", dir).status, 0);
  ASSERT_TRUE(eventually("pending", [](const json& l) {
    return l.size() == 1 && l[0].contains("RestartInMs");
  })) << ps("pending").dump();
  // Started with the plain CLI (the supervisor is not told) while its own
  // restart is 2 s away: when that comes due it must find the container
  // running and watch that run, not count a restart it did not make (the
  // engine's start of a running container is a no-op that succeeds).
  auto start = cli("start pending-app-1");
  ASSERT_EQ(start.status, 0) << start.output;
  std::this_thread::sleep_for(2500ms);
  auto all = events("pending");
  EXPECT_EQ(actions(all), (std::vector<std::string>{"create", "start", "die", "start"})) << json(all).dump();
  auto list = ps("pending");
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].value("State", ""), "running");
  EXPECT_EQ(restarts(list[0]), 0) << "the user's start is not a restart of the policy";
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(SupervisorTest, StopSuppressesRestartsAndStartResumesThem) {
  std::string dir = project("flap", R"(services:
  app:
    image: busybox
    command: ["sh", "-c", "sleep 0.3; exit 1"]
    restart: always
    stop_grace_period: 1s
)");
  ASSERT_EQ(compose("up -d", dir).status, 0);
  ASSERT_TRUE(eventually("flap", [](const json& l) { return l.size() == 1 && restarts(l[0]) >= 1; }));
  auto stop = compose_plain("stop -t 1", dir);
  ASSERT_EQ(stop.status, 0) << stop.output;
  int64_t at_stop = restarts(ps("flap")[0]);
  std::this_thread::sleep_for(1500ms);  // several restart delays at this count
  auto list = ps("flap");
  EXPECT_EQ(list[0].value("State", ""), "exited") << list.dump();
  EXPECT_EQ(restarts(list[0]), at_stop);

  ASSERT_EQ(compose_plain("start", dir).status, 0);
  EXPECT_TRUE(eventually("flap", [&](const json& l) { return restarts(l[0]) > at_stop; })) << ps("flap").dump();
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

const char* kHealthy = R"(services:
  db:
    image: busybox
    command: ["sh", "-c", "sleep 1; touch /tmp/ready; sleep 1000"]
    stop_grace_period: 1s
    healthcheck:
      test: ["CMD-SHELL", "test -f /tmp/ready"]
      interval: 200ms
      timeout: 2s
      retries: 3
      start_period: 10s
      start_interval: 200ms
  web:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
    depends_on:
      db: {condition: service_healthy}
)";

TEST_F(SupervisorTest, DependentStartsOnceItsDependencyIsHealthy) {
  std::string dir = project("hc", kHealthy);
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  auto list = ps("hc");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].value("Health", ""), "healthy") << list.dump();
  EXPECT_EQ(list[1].value("State", ""), "running");
  // web started after db was reported healthy.
  double healthy_at = 0, web_started = 0;
  for (const auto& e : events("hc")) {
    if (e["action"] == "health_status" && e["attributes"].value("healthStatus", "") == "healthy") healthy_at = seconds_of(e["time"]);
    if (e["action"] == "start" && e["service"] == "web") web_started = seconds_of(e["time"]);
  }
  EXPECT_GT(healthy_at, 0);
  EXPECT_GE(web_started, healthy_at);
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(SupervisorTest, DependentFailsFastWhenItsDependencyTurnsUnhealthy) {
  std::string text = kHealthy;
  text.replace(text.find("test -f /tmp/ready"), 18, "echo not ready; exit 1");
  text.replace(text.find("start_period: 10s"), 17, "start_period: 0s");
  std::string dir = project("sick", text);
  auto up = compose("up -d", dir);
  EXPECT_NE(up.status, 0);
  EXPECT_NE(up.output.find("unhealthy"), std::string::npos) << up.output;
  EXPECT_NE(up.output.find("not ready"), std::string::npos) << up.output;
  auto list = ps("sick");
  for (const auto& c : list)
    if (c.value("Service", "") == "web") {
      EXPECT_NE(c.value("State", ""), "running");
    }
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(SupervisorTest, NewSupervisorAdoptsContainersAfterSigkill) {
  std::string dir = project("adopt", R"(services:
  app:
    image: busybox
    command: ["sleep", "1000"]
    restart: always
    stop_grace_period: 1s
)");
  ASSERT_EQ(compose("up -d", dir).status, 0);
  // A crash from inside: init forwards SIGTERM to sleep, which dies of it; the
  // exec'd kill may die with the container (137), so its status says nothing.
  compose_plain("exec -T app kill 1", dir);
  ASSERT_TRUE(eventually("adopt", [](const json& l) {
    return l.size() == 1 && restarts(l[0]) == 1 && l[0].value("State", "") == "running";
  })) << ps("adopt").dump();

  pid_t first = supervisor_pid("adopt");
  ASSERT_GT(first, 0);
  EXPECT_EQ(executable_of(first), "mocker-supervisor") << "the small resident binary, not mocker-compose";
  ASSERT_EQ(::kill(first, SIGKILL), 0);
  for (int i = 0; i < 100 && ::kill(first, 0) == 0; ++i) std::this_thread::sleep_for(20ms);
  auto list = ps("adopt");  // starts a new supervisor, which adopts the container
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].value("State", ""), "running");
  EXPECT_EQ(restarts(list[0]), 1) << "restart count resumes";
  pid_t second = supervisor_pid("adopt");
  EXPECT_GT(second, 0);
  EXPECT_NE(second, first);

  compose_plain("exec -T app kill 1", dir);
  ASSERT_TRUE(eventually("adopt", [](const json& l) {
    return l.size() == 1 && restarts(l[0]) == 2 && l[0].value("State", "") == "running";
  })) << ps("adopt").dump();
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(SupervisorTest, EventsStreamTheLifeOfAContainer) {
  std::string dir = project("ev", R"(services:
  once:
    image: busybox
    command: ["sh", "-c", "exit 1"]
    restart: on-failure:1
)");
  ASSERT_EQ(compose("up -d", dir).status, 0);
  ASSERT_TRUE(eventually("ev", [](const json& l) {
    return l.size() == 1 && restarts(l[0]) == 1 && l[0].value("State", "") == "exited";
  })) << ps("ev").dump();
  ASSERT_EQ(compose("down", dir).status, 0);
  // down removed the journal with the project; what it held before is
  // checked through a fresh stack's journal below.
  ASSERT_EQ(compose("up -d", dir).status, 0);
  ASSERT_TRUE(eventually("ev", [](const json& l) { return l.size() == 1 && restarts(l[0]) == 1 && l[0].value("State", "") == "exited"; }));
  auto list = events("ev");
  std::vector<std::string> expected{"create", "start", "die", "restart", "start", "die"};
  EXPECT_EQ(actions(list), expected) << json(list).dump();
  for (const auto& e : list) {
    EXPECT_EQ(e.value("type", ""), "container");
    EXPECT_EQ(e.value("service", ""), "once");
    EXPECT_EQ(e["attributes"].value("name", ""), "ev-once-1");
  }
  EXPECT_EQ(list[2]["attributes"].value("exitCode", ""), "1");
  ASSERT_EQ(compose("down", dir).status, 0);
  expect_nothing_left();
}

}  // namespace
}  // namespace mocker::test
