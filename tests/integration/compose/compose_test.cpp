// up/down behaviour on small stacks: no-op second up, targeted recreation,
// scale, failing jobs, bad input that changes nothing, down by project name.
#include "compose_fixture.hpp"

#include <gtest/gtest.h>

namespace mocker::test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kPair = R"(name: pair
services:
  a:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
  b:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
    environment: {MODE: one}
    depends_on: [a]
)";

TEST_F(ComposeTest, SecondUpDoesNothingAndOneChangeRecreatesOneService) {
  std::string dir = project("pair", kPair);
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  std::string a = id_of("pair-a-1"), b = id_of("pair-b-1");
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());

  auto dry = compose_plain("up --dry-run", dir);
  EXPECT_EQ(dry.status, 0) << dry.output;
  EXPECT_EQ(dry.output, "nothing to do\n");
  EXPECT_EQ(compose("up -d", dir).status, 0);
  EXPECT_EQ(id_of("pair-a-1"), a);
  EXPECT_EQ(id_of("pair-b-1"), b);

  project("pair", std::string(kPair).replace(std::string(kPair).find("MODE: one"), 9, "MODE: two"));
  auto drift = compose_plain("up --dry-run", dir);
  EXPECT_EQ(drift.status, 2) << drift.output;
  EXPECT_EQ(drift.output, "recreate pair-b-1: config changed\n");
  ASSERT_EQ(compose("up -d", dir).status, 0);
  EXPECT_EQ(id_of("pair-a-1"), a);
  EXPECT_NE(id_of("pair-b-1"), b);
  EXPECT_EQ(in("pair-b-1", "echo $MODE").output, "two\n");

  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ComposeTest, ScaleAddsAndRemovesReplicasOnly) {
  std::string dir = project("pair", kPair);
  ASSERT_EQ(compose("up -d", dir).status, 0);
  std::string a1 = id_of("pair-a-1"), b1 = id_of("pair-b-1");
  auto up = compose("up -d --scale a=3", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  EXPECT_EQ(id_of("pair-a-1"), a1);
  EXPECT_EQ(id_of("pair-b-1"), b1);
  EXPECT_FALSE(id_of("pair-a-3").empty());
  auto ps = compose_plain("ps -q a", dir);
  EXPECT_EQ(std::count(ps.output.begin(), ps.output.end(), '\n'), 3) << ps.output;
  ASSERT_EQ(compose("up -d --scale a=1", dir).status, 0);
  EXPECT_EQ(id_of("pair-a-1"), a1);
  EXPECT_TRUE(id_of("pair-a-2").empty());
  EXPECT_TRUE(id_of("pair-a-3").empty());
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ComposeTest, FailedJobStopsItsDependentsWithItsExitCodeAndLog) {
  std::string dir = project("jobs", R"(name: jobs
services:
  migrate:
    image: busybox
    command: ["sh", "-c", "echo boom; exit 3"]
  app:
    image: busybox
    command: ["sleep", "1000"]
    depends_on:
      migrate: {condition: service_completed_successfully}
)");
  auto up = compose("up -d", dir);
  EXPECT_NE(up.status, 0);
  EXPECT_TRUE(contains(up.output, "didn't complete successfully: exit 3")) << up.output;
  EXPECT_TRUE(contains(up.output, "migrate-1 | boom")) << up.output;
  EXPECT_TRUE(id_of("jobs-app-1").empty() ||
              engine().containers().get("jobs-app-1")->state.status != engine::container::Status::running);
  ASSERT_EQ(compose("down", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ComposeTest, MissingImageOrBadBindFailsBeforeAnythingIsMade) {
  std::string dir = project("bad", R"(name: bad
services:
  ok: {image: busybox, command: ["sleep", "1000"]}
  broken: {image: "no-such-image:1"}
)");
  auto up = compose("up -d", dir);
  EXPECT_EQ(up.status, 1);
  EXPECT_TRUE(contains(up.output, "services.broken.image")) << up.output;
  expect_nothing_left();

  dir = project("bind", R"(name: bind
services:
  web:
    image: busybox
    volumes:
      - type: bind
        source: ./does-not-exist
        target: /data
)");
  up = compose("up -d", dir);
  EXPECT_NE(up.status, 0);
  EXPECT_TRUE(contains(up.output, "does-not-exist")) << up.output;
  EXPECT_TRUE(contains(up.output, "host path does not exist")) << up.output;
  ASSERT_EQ(compose("down", dir).status, 0);  // converges from whatever was made
  expect_nothing_left();
}

TEST_F(ComposeTest, RunStartsDependenciesAndReturnsTheOneOffsExitCode) {
  std::string dir = project("pair", kPair);
  auto run = compose_plain("--progress quiet run --rm -e EXTRA=x b sh -c 'echo $MODE$EXTRA; exit 5'", dir);
  EXPECT_EQ(run.status, 5) << run.output;
  EXPECT_EQ(run.output, "onex\n");
  auto a = engine().containers().get("pair-a-1");
  ASSERT_TRUE(a) << "the dependency was not started";
  EXPECT_EQ(a->state.status, engine::container::Status::running);
  EXPECT_TRUE(id_of("pair-b-1").empty()) << "run made a service container";
  auto kept = compose_plain("--progress quiet run --no-deps --name job b true", dir);
  EXPECT_EQ(kept.status, 0) << kept.output;
  // The finished one-off is not a replica of b; like any finished one-off it
  // is reported as an orphan until --remove-orphans or down.
  EXPECT_EQ(compose_plain("up --dry-run", dir).output,
            "create container pair-b-1 (service b): new\n"
            "warning: orphan container job (service b); use --remove-orphans\n");
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  EXPECT_TRUE(id_of("job").empty()) << "down left the one-off container";
  expect_nothing_left();
}

TEST_F(ComposeTest, DownWorksFromAnyDirectoryByProjectName) {
  std::string dir = project("pair", kPair);
  ASSERT_EQ(compose("up -d", dir).status, 0);
  auto ps = compose_plain("-p pair ps --format json", "/");
  EXPECT_EQ(ps.status, 0) << ps.output;
  EXPECT_TRUE(contains(ps.output, "\"pair-b-1\"")) << ps.output;
  auto down = compose("-p pair down -t 1", "/");
  EXPECT_EQ(down.status, 0) << down.output;
  expect_nothing_left();
}

}  // namespace
}  // namespace mocker::test
