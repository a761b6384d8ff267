// /etc/hosts and /etc/resolv.conf contents.
#include <mocker/network/hosts.hpp>

#include <gtest/gtest.h>

namespace net = mocker::engine::network;

namespace {

net::Endpoint endpoint(const char* container, const char* name, const char* ip, std::vector<std::string> aliases = {}) {
  net::Endpoint e;
  e.container_id = container;
  e.container_name = name;
  e.ip = *net::Ipv4::parse(ip);
  e.aliases = std::move(aliases);
  return e;
}

const std::vector<net::NetworkEndpoints> kNetworks = {
    {"front", {endpoint("c3", "web-2", "10.1.0.4", {"web"}), endpoint("c1", "proxy", "10.1.0.2"),
               endpoint("c2", "web-1", "10.1.0.3", {"web", "web-1"})}},
    {"back", {endpoint("c2", "web-1", "10.2.0.2", {"web"}), endpoint("c4", "db", "10.2.0.3", {"database"})}},
    {"other", {endpoint("c5", "lonely", "10.3.0.2")}},
};

TEST(Peers, AreEveryOtherEndpointOfTheContainersNetworks) {
  auto peers = net::peers_of("c2", kNetworks);
  std::vector<net::Peer> expected = {
      {"10.1.0.2", {"proxy"}},
      {"10.1.0.4", {"web-2", "web"}},
      {"10.2.0.3", {"db", "database"}},
  };
  EXPECT_EQ(peers, expected);
}

TEST(Peers, ListEveryContainerUnderASharedAlias) {
  auto peers = net::peers_of("c1", kNetworks);
  std::vector<net::Peer> expected = {{"10.1.0.3", {"web-1", "web"}}, {"10.1.0.4", {"web-2", "web"}}};
  EXPECT_EQ(peers, expected);
}

TEST(Peers, NoneForAContainerOnNoNetwork) { EXPECT_TRUE(net::peers_of("c9", kNetworks).empty()); }

TEST(Hosts, RendersLocalhostSelfAndPeers) {
  std::string text = net::render_hosts("web-1", {"10.1.0.3", "10.2.0.2"}, net::peers_of("c2", kNetworks));
  EXPECT_EQ(text,
            "127.0.0.1\tlocalhost\n"
            "::1\tlocalhost ip6-localhost ip6-loopback\n"
            "fe00::0\tip6-localnet\n"
            "ff00::0\tip6-mcastprefix\n"
            "ff02::1\tip6-allnodes\n"
            "ff02::2\tip6-allrouters\n"
            "10.1.0.3\tweb-1\n"
            "10.2.0.2\tweb-1\n"
            "10.1.0.2\tproxy\n"
            "10.1.0.4\tweb-2 web\n"
            "10.2.0.3\tdb database\n");
}

TEST(Hosts, WithoutAnAddressTheHostnameIsLoopback) {
  std::string text = net::render_hosts("box", {}, {});
  EXPECT_NE(text.find("127.0.1.1\tbox\n"), std::string::npos) << text;
}

TEST(ResolvConf, ListsNameserversSearchAndOptions) {
  EXPECT_EQ(net::render_resolv_conf({"172.18.0.1"}, {"example.com", "lab"}, {"ndots:0"}),
            "nameserver 172.18.0.1\nsearch example.com lab\noptions ndots:0\n");
  EXPECT_EQ(net::render_resolv_conf({"10.0.0.1", "10.0.0.2"}, {}, {}), "nameserver 10.0.0.1\nnameserver 10.0.0.2\n");
}

}  // namespace
