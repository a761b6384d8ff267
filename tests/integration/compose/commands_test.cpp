// mocker-compose pause / unpause / cp / stats on a running stack.
#include "compose_fixture.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace mocker::test {
namespace {

const char* kDuo = R"(name: duo
services:
  web:
    image: busybox
    command: ["sh", "-c", "echo served > /srv.txt; sleep 1000 & wait"]
    stop_grace_period: 1s
  db:
    image: busybox
    command: ["sleep", "1000"]
    stop_grace_period: 1s
)";

std::string freezer_state(const engine::container::Container& c) {
  std::ifstream in("/sys/fs/cgroup/freezer/" + c.resources.cgroup + "/freezer.state");
  std::string s;
  in >> s;
  return s;
}

TEST_F(ComposeTest, PauseUnpauseCpAndStatsOnServices) {
  std::string dir = project("duo", kDuo);
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;

  auto paused = compose_plain("pause web", dir);
  ASSERT_EQ(paused.status, 0) << paused.output;
  EXPECT_NE(paused.output.find("Container duo-web-1  Paused"), std::string::npos) << paused.output;
  EXPECT_EQ(freezer_state(*engine().containers().get("duo-web-1")), "FROZEN");
  EXPECT_EQ(freezer_state(*engine().containers().get("duo-db-1")), "THAWED");
  EXPECT_TRUE(engine().containers().get("duo-web-1")->state.paused);
  ASSERT_EQ(compose_plain("unpause", dir).status, 0);
  EXPECT_EQ(freezer_state(*engine().containers().get("duo-web-1")), "THAWED");
  EXPECT_FALSE(engine().containers().get("duo-web-1")->state.paused);

  auto web = *engine().containers().get("duo-web-1");
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(web.resources.rootfs + "/srv.txt"); }));
  auto out = compose_plain("cp web:/srv.txt " + path("srv.txt"), dir);
  ASSERT_EQ(out.status, 0) << out.output;
  std::ifstream copied(path("srv.txt"));
  std::stringstream text;
  text << copied.rdbuf();
  EXPECT_EQ(text.str(), "served\n");
  ASSERT_EQ(compose_plain("cp " + path("srv.txt") + " db:/from-host.txt", dir).status, 0);
  EXPECT_EQ(in("duo-db-1", "cat /from-host.txt").output, "served\n");
  auto nowhere = compose_plain("cp web:/srv.txt " + path("x") + " --index 2", dir);
  EXPECT_EQ(nowhere.status, 1);
  EXPECT_NE(nowhere.output.find("index 2"), std::string::npos) << nowhere.output;

  auto stats = compose_plain("stats --format json", dir);
  ASSERT_EQ(stats.status, 0) << stats.output;
  int lines = 0;
  std::istringstream rows(stats.output);
  for (std::string line; std::getline(rows, line); ++lines) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << line;
    EXPECT_GE(j["PIDs"].get<int>(), 1) << line;
  }
  EXPECT_EQ(lines, 2) << stats.output;

  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ComposeTest, CreateMakesContainersWithoutStartingThem) {
  std::string dir = project("duo", kDuo);
  auto created = compose("create", dir);
  ASSERT_EQ(created.status, 0) << created.output;
  for (const char* name : {"duo-web-1", "duo-db-1"}) {
    auto c = engine().containers().get(name);
    ASSERT_TRUE(c) << name;
    EXPECT_EQ(c->state.status, engine::container::Status::created) << name;
  }
  auto started = compose_plain("start", dir);
  ASSERT_EQ(started.status, 0) << started.output;
  EXPECT_EQ(engine().containers().get("duo-web-1")->state.status, engine::container::Status::running);
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

}  // namespace
}  // namespace mocker::test
