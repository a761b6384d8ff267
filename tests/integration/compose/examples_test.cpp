// The stacks in examples/ brought up for real: names, published ports,
// volumes across down/up, networks kept apart, shared network namespaces.
#include "compose_fixture.hpp"

#include <gtest/gtest.h>

namespace mocker::test {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(ComposeTest, WebStackAnswersResolvesNamesAndKeepsItsVolume) {
  std::string dir = example("web-stack", "webstack");
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  auto page = run("timeout 5 busybox wget -q -O- http://127.0.0.1:18080/");
  EXPECT_EQ(page.output, "<h1>hello from mocker-compose</h1>\n");
  EXPECT_EQ(in("webstack-web-1", "wget -q -O- http://api:8080/status.json").output, "{\"status\":\"ok\"}\n");
  EXPECT_TRUE(contains(in("webstack-web-1", "nslookup db").output, "Address: 172.")) << "db does not resolve";
  EXPECT_EQ(in("webstack-api-1", "echo | nc db 5432").output, "schema v1\n");
  EXPECT_EQ(compose_plain("up --dry-run", dir).output, "nothing to do\n");
  EXPECT_EQ(compose_plain("port web 80", dir).output, "127.0.0.1:18080\n");
  EXPECT_EQ(compose_plain("exec -T api cat /srv/status.json", dir).output, "{\"status\":\"ok\"}\n");
  auto code = compose_plain("exec -T -e CODE=4 web sh -c 'exit $CODE'", dir);
  EXPECT_EQ(code.status, 4) << code.output;
  EXPECT_EQ(compose_plain("wait migrate", dir).output, "0\n");

  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  ASSERT_EQ(compose("up --wait --wait-timeout 30", dir).status, 0);
  EXPECT_EQ(in("webstack-db-1", "cat /data/schema").output, "schema v1\n") << "volume data lost by down";
  ASSERT_EQ(compose("down -v -t 1", dir).status, 0);
  expect_nothing_left();
  auto volumes = engine().records().list("volumes");
  ASSERT_TRUE(volumes);
  EXPECT_TRUE(volumes->empty()) << "down -v left volumes";
  expect_store_empty_of_volumes();
}

TEST_F(ComposeTest, LabHostsSeeTheirNetworkAndTheRouterSeesBoth) {
  std::string dir = example("lab", "lab");
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  auto fetch = [&](const std::string& from, const std::string& host) {
    return in(from, "timeout 3 wget -q -O- http://" + host + "/hostname");
  };
  EXPECT_EQ(fetch("lab-left-b-1", "left-a").status, 0);
  EXPECT_EQ(fetch("lab-left-b-1", "router").status, 0);
  EXPECT_EQ(fetch("lab-router-1", "right-a").status, 0);
  EXPECT_NE(fetch("lab-left-b-1", "right-a").status, 0) << "a host reached a network it is not on";
  EXPECT_NE(fetch("lab-left-b-1", "10.231.2.254").status, 0);
  auto addresses = in("lab-router-1", "ip -4 -o addr show");
  EXPECT_TRUE(contains(addresses.output, "10.231.1.254/24")) << addresses.output;
  EXPECT_TRUE(contains(addresses.output, "10.231.2.254/24")) << addresses.output;
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ComposeTest, PodSidecarReachesItsAppOnLocalhost) {
  std::string dir = example("pod", "pod");
  auto up = compose("up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;
  EXPECT_TRUE(eventually([&] { return contains(compose_plain("logs sidecar", dir).output, "app-ok"); }))
      << compose_plain("logs", dir).output;
  // Recreating the app recreates the sidecar that shares its namespace.
  auto dry = compose_plain("up --dry-run --force-recreate app", dir);
  EXPECT_TRUE(contains(dry.output, "recreate pod-sidecar-1: network namespace parent recreated")) << dry.output;
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

}  // namespace
}  // namespace mocker::test
