// mocker-compose's command line as docker compose users type it: unknown
// services and flags are errors, ps --format json, global flags.
#include "compose_fixture.hpp"

#include <nlohmann/json.hpp>

#include <gtest/gtest.h>

#include <sstream>

using mocker::test::ComposeTest;

namespace {

const char* kChecked = R"(name: checked
services:
  svc:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
  job:
    image: busybox
    command: ["true"]
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
)";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_F(ComposeTest, UnknownServiceIsAnErrorThatNamesIt) {
  std::string dir = project("checked", kChecked);
  ASSERT_EQ(compose("up -d svc", dir).status, 0);
  for (const char* command : {"logs", "stop", "start", "restart", "kill", "rm", "ps"}) {
    auto r = compose(std::string(command) + " nosvc", dir);
    EXPECT_EQ(r.status, 1) << command << ": " << r.output;
    EXPECT_TRUE(has(r.output, "nosvc: no such service")) << command << ": " << r.output;
  }
  // From the project name alone, the services are those with containers.
  auto by_name = compose_plain("-p checked logs nosvc", "/");
  EXPECT_EQ(by_name.status, 1) << by_name.output;
  EXPECT_EQ(compose_plain("-p checked logs svc", "/").status, 0);
  EXPECT_EQ(compose("logs job", dir).status, 0) << "a service of the file without containers is known";
  EXPECT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ComposeTest, PsJsonLinesShowHealthOfAnExitedContainer) {
  std::string dir = project("checked", kChecked);
  ASSERT_EQ(compose("up -d job", dir).status, 0);
  ASSERT_EQ(cli("wait checked-job-1").output, "0\n");
  auto ps = compose_plain("ps -a --format json", dir);
  ASSERT_EQ(ps.status, 0) << ps.output;
  std::istringstream lines(ps.output);
  std::vector<nlohmann::json> rows;
  for (std::string line; std::getline(lines, line);)
    if (line.starts_with("{")) rows.push_back(nlohmann::json::parse(line, nullptr, false));
  ASSERT_EQ(rows.size(), 1u) << "one object per line: " << ps.output;
  const auto& row = rows[0];
  ASSERT_TRUE(row.is_object()) << ps.output;
  EXPECT_EQ(row["Name"], "checked-job-1");
  EXPECT_EQ(row["State"], "exited");
  EXPECT_EQ(row["Health"], "unhealthy") << ps.output;
  EXPECT_EQ(compose_plain("ps -a --filter status=exited --format '{{.Service}} {{.Health}}'", dir).output, "job unhealthy\n");
  EXPECT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ComposeTest, GlobalFlagsAndUsageErrors) {
  std::string dir = project("checked", kChecked);
  ASSERT_EQ(compose("up -d svc", dir).status, 0);
  auto dry = compose_plain("--dry-run stop", dir);
  EXPECT_EQ(dry.status, 0) << dry.output;
  EXPECT_EQ(dry.output, "stop checked-svc-1\n");
  EXPECT_EQ(compose_plain("ps --format '{{.State}}'", dir).output, "running\n") << "--dry-run changed nothing";
  auto down = compose_plain("--dry-run down", dir);
  EXPECT_TRUE(has(down.output, "remove checked-svc-1")) << down.output;
  EXPECT_EQ(compose_plain("ps --format '{{.State}}'", dir).output, "running\n") << "--dry-run changed nothing";
  EXPECT_EQ(compose_plain("--ansi never --parallel 2 ps -q", dir).status, 0);
  auto bad_ansi = compose_plain("--ansi sometimes ps", dir);
  EXPECT_NE(bad_ansi.status, 0) << bad_ansi.output;
  auto version = compose_plain("version", dir);
  EXPECT_TRUE(version.output.starts_with("mocker-compose version ")) << version.output;
  auto flag = compose_plain("exec --bogus svc true", dir);
  EXPECT_EQ(flag.status, 2) << flag.output;
  EXPECT_TRUE(has(flag.output, "mocker-compose: exec: unknown flag: --bogus")) << flag.output;
  // Options after the service belong to the command.
  auto echoed = compose_plain("exec -T svc echo --bogus", dir);
  EXPECT_EQ(echoed.status, 0) << echoed.output;
  EXPECT_EQ(echoed.output, "--bogus\n");
  EXPECT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}
