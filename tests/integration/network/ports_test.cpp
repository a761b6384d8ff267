// Published ports: DNAT from the host (127.0.0.1 included) to a container,
// the "already allocated" check, and rules removed exactly per container.
#include "fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace mocker::test {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
std::string ruleset() { return run("nft list ruleset").output; }

net::PortMapping mapping(const char* host_ip, uint16_t host_port, const net::Endpoint& to, uint16_t port,
                         net::Protocol p = net::Protocol::tcp) {
  net::PortMapping m;
  m.host_ip = *net::Ipv4::parse(host_ip);
  m.host_port = host_port;
  m.container_ip = to.ip;
  m.container_port = port;
  m.protocol = p;
  return m;
}

class Ports : public NetworkTest {
 protected:
  void SetUp() override {
    NetworkTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(networks().create({"front", {}, {}, false, {}}));
  }
  void finish() {
    ASSERT_TRUE(networks().cleanup_orphans({}));
    EXPECT_TRUE(networks().remove("front"));
    EXPECT_FALSE(has(run("nft list tables").output, "mocker"));
  }
};

TEST_F(Ports, TcpAndUdpOn127ReachTheContainer) {
  Netns a;
  auto ea = attach("front", container_id('a'), a);
  auto published = networks().publish(container_id('a'), {mapping("127.0.0.1", 18080, ea, 80),
                                                          mapping("127.0.0.1", 18081, ea, 5353, net::Protocol::udp)});
  ASSERT_TRUE(published) << published.error().render_long();
  EXPECT_EQ(published->size(), 2u);
  EXPECT_EQ(*networks().published(container_id('a')), *published);

  auto tcp = Task::start(&a, tcp_server(80, "tcp says hi"));
  EXPECT_EQ(tcp_exchange("127.0.0.1", 18080), "tcp says hi");
  EXPECT_EQ(tcp->result(), "served");
  auto udp = Task::start(&a, udp_server(5353, "udp got "));
  EXPECT_EQ(udp_exchange("127.0.0.1", 18081, "ping"), "udp got ping");
  EXPECT_EQ(udp->result(), "served");

  // Through the gateway address too (how other containers reach it, with 0.0.0.0).
  ASSERT_TRUE(networks().unpublish(container_id('a')));
  ASSERT_TRUE(networks().publish(container_id('a'), {mapping("0.0.0.0", 18082, ea, 80)}));
  auto again = Task::start(&a, tcp_server(80, "any address"));
  EXPECT_EQ(tcp_exchange(ea.gateway.str(), 18082), "any address");
  EXPECT_EQ(again->result(), "served");

  ASSERT_TRUE(networks().unpublish(container_id('a')));
  EXPECT_FALSE(has(ruleset(), "container " + container_id('a')));
  EXPECT_TRUE(tcp_exchange("127.0.0.1", 18082, 1000).starts_with("error")) << "no rule, nobody listening";
  finish();
}

TEST_F(Ports, ATakenPortFailsClearlyAndLeavesNothing) {
  Netns a, b;
  auto ea = attach("front", container_id('a'), a);
  auto eb = attach("front", container_id('b'), b);
  ASSERT_TRUE(networks().publish(container_id('a'), {mapping("127.0.0.1", 18080, ea, 80)}));
  std::string before = ruleset();

  for (const char* host_ip : {"127.0.0.1", "0.0.0.0"}) {
    auto second = networks().publish(container_id('b'), {mapping(host_ip, 18080, eb, 80)});
    ASSERT_FALSE(second) << host_ip;
    EXPECT_EQ(second.error().render(), std::string("publish ") + host_ip + ":18080/tcp: port is already allocated");
  }
  // All or nothing: a free port listed first is not published either.
  auto mixed = networks().publish(container_id('b'), {mapping("127.0.0.1", 18090, eb, 80), mapping("127.0.0.1", 18080, eb, 81)});
  ASSERT_FALSE(mixed);
  EXPECT_TRUE(networks().published(container_id('b'))->empty());
  EXPECT_EQ(ruleset(), before);
  EXPECT_FALSE(records().read("ports", container_id('b'))->has_value());

  // Another protocol on the same number is a different port.
  EXPECT_TRUE(networks().publish(container_id('b'), {mapping("127.0.0.1", 18080, eb, 80, net::Protocol::udp)}));

  // A socket on the host holds the port: found by binding it.
  int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(18091);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&sa), sizeof sa), 0);
  ASSERT_EQ(::listen(s, 1), 0);
  auto held = networks().publish(container_id('b'), {mapping("0.0.0.0", 18091, eb, 80)});
  ::close(s);
  ASSERT_FALSE(held);
  EXPECT_EQ(held.error().render(), "publish 0.0.0.0:18091/tcp: port is already allocated");
  EXPECT_EQ(networks().published(container_id('b'))->size(), 1u);
  finish();
}

TEST_F(Ports, RangesAndAnyFreePort) {
  Netns a;
  auto ea = attach("front", container_id('a'), a);
  auto spec = net::parse_port_spec("127.0.0.1:18100-18101:80-81");
  ASSERT_TRUE(spec);
  std::vector<net::PortMapping> wanted = *spec;
  for (auto& m : wanted) m.container_ip = ea.ip;
  auto any = net::parse_port_spec("127.0.0.1::82");
  any->front().container_ip = ea.ip;
  wanted.push_back(any->front());
  auto range = net::parse_port_spec("127.0.0.1:18100-18105:83");
  range->front().container_ip = ea.ip;
  wanted.push_back(range->front());

  auto got = networks().publish(container_id('a'), wanted);
  ASSERT_TRUE(got) << got.error().render_long();
  ASSERT_EQ(got->size(), 4u);
  EXPECT_EQ((*got)[0].host_port, 18100);
  EXPECT_EQ((*got)[1].host_port, 18101);
  EXPECT_NE((*got)[2].host_port, 0);
  EXPECT_EQ((*got)[3].host_port, 18102) << "the first port of the range not yet taken";

  auto server = Task::start(&a, tcp_server(81, "eighty-one"));
  EXPECT_EQ(tcp_exchange("127.0.0.1", 18101), "eighty-one");
  EXPECT_EQ(server->result(), "served");
  auto picked = Task::start(&a, tcp_server(82, "picked"));
  EXPECT_EQ(tcp_exchange("127.0.0.1", (*got)[2].host_port), "picked");
  EXPECT_EQ(picked->result(), "served");
  finish();
}

TEST_F(Ports, UnpublishRemovesExactlyOneContainersRules) {
  Netns a, b;
  auto ea = attach("front", container_id('a'), a);
  auto eb = attach("front", container_id('b'), b);
  ASSERT_TRUE(networks().publish(container_id('a'), {mapping("127.0.0.1", 18080, ea, 80)}));
  ASSERT_TRUE(networks().publish(container_id('b'), {mapping("127.0.0.1", 18081, eb, 80)}));
  ASSERT_TRUE(networks().unpublish(container_id('a')));
  std::string rules = ruleset();
  EXPECT_FALSE(has(rules, "container " + container_id('a'))) << rules;
  EXPECT_TRUE(has(rules, "tcp dport 18081 dnat to " + eb.ip.str() + ":80 comment \"container " + container_id('b') + "\""))
      << rules;
  auto server = Task::start(&b, tcp_server(80, "still b"));
  EXPECT_EQ(tcp_exchange("127.0.0.1", 18081), "still b");
  EXPECT_EQ(server->result(), "served");
  EXPECT_TRUE(networks().unpublish(container_id('a'))) << "nothing published is fine";
  finish();
}

TEST_F(Ports, InternalNetworksPublishNothing) {
  ASSERT_TRUE(networks().create({"private", {}, {}, true, {}}));
  Netns a;
  auto ea = attach("private", container_id('a'), a);
  auto refused = networks().publish(container_id('a'), {mapping("127.0.0.1", 18080, ea, 80)});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().render(), "publish 127.0.0.1:18080/tcp: network private is internal");
  ASSERT_TRUE(networks().cleanup_orphans({}));
  EXPECT_TRUE(networks().remove("private"));
  finish();
}

}  // namespace
}  // namespace mocker::test
