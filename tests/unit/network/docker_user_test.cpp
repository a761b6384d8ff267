#include <mocker/network/docker_user.hpp>

#include <gtest/gtest.h>

namespace net = mocker::engine::network;

namespace {

// DOCKER-USER as nft lists it after dockerd started, and with our rules in.
const char* kDockerOnly =
    "table ip filter {\n"
    "\tchain DOCKER-USER {\n"
    "\t\tcounter packets 0 bytes 0 return\n"
    "\t}\n"
    "}\n";
const char* kWithOurs =
    "table ip filter {\n"
    "\tchain DOCKER-USER {\n"
    "\t\toifname \"mkr-*\" ct status dnat  counter packets 0 bytes 0 accept\n"
    "\t\toifname \"mkr-*\" ct state related,established  counter packets 0 bytes 0 accept\n"
    "\t\tiifname \"mkr-*\"  counter packets 3 bytes 180 accept\n"
    "\t\tcounter packets 0 bytes 0 return\n"
    "\t}\n"
    "}\n";

std::string joined(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + a;
  return s;
}

}  // namespace

TEST(DockerUser, AddsOurThreeRulesWhenWanted) {
  auto commands = net::docker_user_commands(kDockerOnly, true);
  ASSERT_EQ(commands.size(), 3u);
  EXPECT_EQ(joined(commands[0]), "iptables -w -t filter -I DOCKER-USER -i mkr-+ -m comment --comment mocker -j ACCEPT");
  EXPECT_EQ(joined(commands[1]),
            "iptables -w -t filter -I DOCKER-USER -o mkr-+ -m conntrack --ctstate RELATED,ESTABLISHED -m comment "
            "--comment mocker -j ACCEPT");
  EXPECT_EQ(joined(commands[2]),
            "iptables -w -t filter -I DOCKER-USER -o mkr-+ -m conntrack --ctstate DNAT -m comment --comment mocker "
            "-j ACCEPT");
}

TEST(DockerUser, NothingToDoWhenInLine) {
  EXPECT_TRUE(net::docker_user_commands(kWithOurs, true).empty());
  EXPECT_TRUE(net::docker_user_commands(kDockerOnly, false).empty());
}

TEST(DockerUser, RemovesOursOnlyWhenNotWanted) {
  auto commands = net::docker_user_commands(kWithOurs, false);
  ASSERT_EQ(commands.size(), 3u);
  for (const auto& c : commands) EXPECT_EQ(c.at(4), "-D");
}

TEST(DockerUser, AddsOnlyWhatIsMissing) {
  std::string partial =
      "table ip filter {\n\tchain DOCKER-USER {\n\t\tiifname \"mkr-*\"  counter packets 0 bytes 0 accept\n"
      "\t\tcounter packets 0 bytes 0 return\n\t}\n}\n";
  auto commands = net::docker_user_commands(partial, true);
  ASSERT_EQ(commands.size(), 2u);
  EXPECT_EQ(commands[0].at(6), "-o");
  EXPECT_EQ(commands[1].at(6), "-o");
}
