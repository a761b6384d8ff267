// The text of our nft table, rendered whole from networks and ports.
#include <mocker/network/nft_rules.hpp>

#include <gtest/gtest.h>

namespace net = mocker::engine::network;

namespace {

net::NetworkRules network(const char* id, const char* bridge, const char* subnet, bool internal = false) {
  return {id, bridge, *net::Cidr::parse(subnet), internal};
}

net::PortMapping port(const char* host_ip, uint16_t host_port, const char* container_ip, uint16_t container_port,
                      net::Protocol p = net::Protocol::tcp) {
  net::PortMapping m;
  m.host_ip = *net::Ipv4::parse(host_ip);
  m.host_port = host_port;
  m.container_ip = *net::Ipv4::parse(container_ip);
  m.container_port = container_port;
  m.protocol = p;
  return m;
}

TEST(Ruleset, NothingToDoDeletesTheTable) {
  EXPECT_EQ(net::render_ruleset({}, {}), "add table ip mocker\ndelete table ip mocker\n");
  EXPECT_EQ(net::render_ruleset({}, {{"c1", {}}}), "add table ip mocker\ndelete table ip mocker\n");
}

TEST(Ruleset, OneNetworkWithPublishedPorts) {
  std::string text = net::render_ruleset(
      {network("n1", "mkr-n1", "172.18.0.0/16")},
      {{"c1", {port("127.0.0.1", 18080, "172.18.0.2", 80), port("0.0.0.0", 5353, "172.18.0.2", 53, net::Protocol::udp)}}});
  EXPECT_EQ(text,
            "add table ip mocker\n"
            "delete table ip mocker\n"
            "table ip mocker {\n"
            "\tchain prerouting {\n"
            "\t\ttype nat hook prerouting priority -100; policy accept;\n"
            "\t\tfib daddr type local jump ports\n"
            "\t}\n"
            "\tchain output {\n"
            "\t\ttype nat hook output priority -100; policy accept;\n"
            "\t\tfib daddr type local jump ports\n"
            "\t}\n"
            "\tchain ports {\n"
            "\t\tip daddr 127.0.0.1 tcp dport 18080 dnat to 172.18.0.2:80 comment \"container c1\"\n"
            "\t\tudp dport 5353 dnat to 172.18.0.2:53 comment \"container c1\"\n"
            "\t}\n"
            "\tchain postrouting {\n"
            "\t\ttype nat hook postrouting priority 100; policy accept;\n"
            "\t\tip saddr 172.18.0.0/16 oifname != \"mkr-n1\" masquerade comment \"network n1\"\n"
            "\t\tip saddr 127.0.0.0/8 oifname \"mkr-n1\" masquerade comment \"network n1\"\n"
            "\t\tip saddr 172.18.0.0/16 oifname \"mkr-n1\" ct status dnat masquerade comment \"network n1\"\n"
            "\t}\n"
            "\tchain forward {\n"
            "\t\ttype filter hook forward priority 0; policy accept;\n"
            "\t\tct status dnat accept\n"
            "\t\tiifname \"mkr-n1\" oifname \"mkr-*\" oifname != \"mkr-n1\" drop comment \"network n1\"\n"
            "\t}\n"
            "}\n");
}

TEST(Ruleset, InternalNetworksGetNoNatAndNoWayOut) {
  std::string text = net::render_ruleset({network("n2", "mkr-n2", "10.9.0.0/24", true)}, {});
  EXPECT_EQ(text.find("masquerade"), std::string::npos) << text;
  EXPECT_NE(text.find("\t\tiifname \"mkr-n2\" oifname != \"mkr-n2\" drop comment \"network n2\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\t\toifname \"mkr-n2\" iifname != \"mkr-n2\" drop comment \"network n2\"\n"), std::string::npos) << text;
}

TEST(Ruleset, EachContainersRulesCarryItsComment) {
  std::string text = net::render_ruleset({network("n1", "mkr-n1", "172.18.0.0/16")},
                                         {{"c1", {port("0.0.0.0", 8080, "172.18.0.2", 80)}},
                                          {"c2", {port("0.0.0.0", 8081, "172.18.0.3", 80)}}});
  EXPECT_NE(text.find("tcp dport 8080 dnat to 172.18.0.2:80 comment \"container c1\"\n"), std::string::npos) << text;
  EXPECT_NE(text.find("tcp dport 8081 dnat to 172.18.0.3:80 comment \"container c2\"\n"), std::string::npos) << text;
  std::string without_c2 = net::render_ruleset({network("n1", "mkr-n1", "172.18.0.0/16")},
                                               {{"c1", {port("0.0.0.0", 8080, "172.18.0.2", 80)}}});
  EXPECT_EQ(without_c2.find("container c2"), std::string::npos);
}

}  // namespace
