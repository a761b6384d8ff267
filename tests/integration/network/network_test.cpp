// Networks against the real kernel: bridges, veth pairs, addresses, routes,
// isolation between networks, internal networks, and recovery. Each test runs
// in its own network namespace (the harness), which stands in for the host.
#include "fixture.hpp"

#include <signal.h>

namespace mocker::test {
namespace {

std::string sh(const std::string& command) { return run(command).output; }
std::string in_ns(const Netns& ns, const std::string& command) {
  return sh("nsenter --net=" + ns.path() + " " + command);
}
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class Networks : public NetworkTest {};

TEST_F(Networks, CreateMakesTheBridgeWithTheGatewayAndRemoveUndoesAll) {
  net::NetworkSpec spec;
  spec.name = "front";
  spec.labels = {{"com.example.project", "demo"}};
  auto n = networks().create(spec);
  ASSERT_TRUE(n) << n.error().render_long();
  EXPECT_EQ(n->subnet.str(), "172.18.0.0/16") << "172.17.0.0/16 is kept for the default network";
  EXPECT_EQ(n->gateway.str(), "172.18.0.1");
  EXPECT_EQ(n->bridge, "mkr-" + n->id.substr(0, 8));
  EXPECT_EQ(n->labels.at("com.example.project"), "demo");

  std::string addr = sh("ip -4 -o addr show dev " + n->bridge);
  EXPECT_TRUE(has(addr, "inet 172.18.0.1/16 brd 172.18.255.255")) << addr;
  std::string link = sh("ip -o link show dev " + n->bridge);
  EXPECT_TRUE(has(link, "UP")) << "bridge is up";
  EXPECT_TRUE(has(link, "link/ether 02:42:ac:12:00:01")) << "a fixed MAC, so joining ports never change it: " << link;
  EXPECT_EQ(sh("cat /proc/sys/net/ipv4/conf/" + n->bridge + "/route_localnet"), "1\n");
  EXPECT_EQ(sh("cat /proc/sys/net/ipv4/ip_forward"), "1\n");
  EXPECT_TRUE(has(sh("nft list table ip mocker"), "ip saddr 172.18.0.0/16 oifname != \"" + n->bridge + "\" masquerade"));

  ASSERT_TRUE(networks().get("front"));
  EXPECT_EQ(networks().get(n->id.substr(0, 6))->name, "front");
  EXPECT_EQ(networks().list()->size(), 1u);

  auto removed = networks().remove("front");
  ASSERT_TRUE(removed) << removed.error().render_long();
  EXPECT_EQ(links_other_than_lo(), std::vector<std::string>{});
  EXPECT_FALSE(has(sh("nft list tables"), "mocker")) << "the table goes when it is empty";
  EXPECT_EQ(sh("cat /proc/sys/net/ipv4/ip_forward"), "0\n") << "forwarding restored";
  EXPECT_TRUE(records().list("networks")->empty());
  EXPECT_TRUE(records().list("endpoints")->empty());
  EXPECT_EQ(networks().get("front").error().render(), "find network front: no such network");
}

TEST_F(Networks, SubnetsSkipHostRoutesAndOtherNetworks) {
  ASSERT_EQ(run("ip link add mkt-host type bridge && ip addr add 172.18.5.1/24 dev mkt-host && "
                "ip link set mkt-host up").status, 0);
  auto a = networks().create({"a", {}, {}, false, {}});
  ASSERT_TRUE(a) << a.error().render_long();
  EXPECT_EQ(a->subnet.str(), "172.19.0.0/16") << "172.18.5.0/24 is routed on the host";

  auto clash = networks().create({"b", std::string("172.19.128.0/24"), {}, false, {}});
  ASSERT_FALSE(clash);
  EXPECT_EQ(clash.error().render(), "create network b: choose subnet 172.19.128.0/24: overlaps network a (172.19.0.0/16)");
  auto same_name = networks().create({"a", {}, {}, false, {}});
  ASSERT_FALSE(same_name);
  EXPECT_EQ(same_name.error().render(), "create network a: check name: a network with this name exists");
  auto bad_gateway = networks().create({"c", std::string("10.20.0.0/24"), std::string("10.20.1.1"), false, {}});
  ASSERT_FALSE(bad_gateway);
  EXPECT_EQ(bad_gateway.error().render(), "create network c: check gateway 10.20.1.1: not a host address of subnet 10.20.0.0/24");
  EXPECT_EQ(networks().list()->size(), 1u) << "failed creates leave no record";

  auto fixed = networks().create({"d", std::string("10.20.0.0/24"), std::string("10.20.0.254"), false, {}});
  ASSERT_TRUE(fixed) << fixed.error().render_long();
  EXPECT_TRUE(has(sh("ip -4 -o addr show dev " + fixed->bridge), "10.20.0.254/24"));

  EXPECT_TRUE(networks().remove("a"));
  EXPECT_TRUE(networks().remove("d"));
  ASSERT_EQ(run("ip link del mkt-host").status, 0);
}

TEST_F(Networks, EnsureDefaultCreatesBridgeOnceOn172_17) {
  auto d = networks().ensure_default();
  ASSERT_TRUE(d) << d.error().render_long();
  EXPECT_EQ(d->name, "bridge");
  EXPECT_EQ(d->subnet.str(), "172.17.0.0/16");
  auto again = networks().ensure_default();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, d->id);
  EXPECT_TRUE(networks().remove("bridge"));
}

TEST_F(Networks, TwoContainersOnANetworkTalkOverTcp) {
  ASSERT_TRUE(networks().create({"front", {}, {}, false, {}}));
  Netns a, b;
  ASSERT_TRUE(a.ok() && b.ok());
  auto ea = attach("front", container_id('a'), a, "web");
  auto eb = attach("front", container_id('b'), b, "client");
  EXPECT_EQ(ea.ip.str(), "172.18.0.2");
  EXPECT_EQ(eb.ip.str(), "172.18.0.3");
  EXPECT_EQ(ea.mac, "02:42:ac:12:00:02");
  EXPECT_EQ(ea.host_veth, "mkvaaaaaa" + networks().get("front")->id.substr(0, 6));

  std::string link = in_ns(a, "ip -o link show dev eth0");
  EXPECT_TRUE(has(link, "02:42:ac:12:00:02")) << link;
  EXPECT_TRUE(has(in_ns(a, "ip -4 -o addr show dev eth0"), "inet 172.18.0.2/16"));
  EXPECT_TRUE(has(in_ns(a, "ip -4 route show"), "default via 172.18.0.1 dev eth0"));
  EXPECT_TRUE(has(sh("ip -o link show dev " + ea.host_veth), "master " + networks().get("front")->bridge));

  auto server = Task::start(&a, tcp_server(8000, "hello from web"));
  EXPECT_EQ(run_in(&b, [&](auto&) { return tcp_exchange(ea.ip.str(), 8000); }), "hello from web");
  EXPECT_EQ(server->result(), "served");

  EXPECT_TRUE(networks().detach("front", container_id('a')));
  EXPECT_TRUE(networks().detach("front", container_id('b')));
  EXPECT_FALSE(has(in_ns(a, "ip -o link"), "eth0")) << "the peer dies with the host end";
  EXPECT_TRUE(networks().endpoints("front")->empty());
  EXPECT_TRUE(networks().remove("front"));
  EXPECT_EQ(links_other_than_lo(), std::vector<std::string>{});
  EXPECT_FALSE(has(sh("nft list tables"), "mocker"));
}

TEST_F(Networks, ASecondNetworkCannotReachTheFirst) {
  ASSERT_TRUE(networks().create({"one", {}, {}, false, {}}));
  ASSERT_TRUE(networks().create({"two", {}, {}, false, {}}));
  Netns a, b, c;
  auto ea = attach("one", container_id('a'), a);
  attach("one", container_id('b'), b);
  auto ec = attach("two", container_id('c'), c);
  EXPECT_EQ(ec.ip.str(), "172.19.0.2");

  auto server = Task::start(&a, tcp_server(8000, "one"));
  // Without the isolation rule this would arrive: c routes via its gateway and the host forwards.
  EXPECT_TRUE(run_in(&c, [&](auto&) { return tcp_exchange(ea.ip.str(), 8000, 1500); }).starts_with("error"));
  EXPECT_EQ(run_in(&b, [&](auto&) { return tcp_exchange(ea.ip.str(), 8000); }), "one") << "the server was listening";
  EXPECT_EQ(server->result(), "served");

  ASSERT_TRUE(networks().cleanup_orphans({}));
  EXPECT_TRUE(networks().remove("one"));
  EXPECT_TRUE(networks().remove("two"));
}

TEST_F(Networks, AnInternalNetworkHasNoWayOutOfItsSubnet) {
  auto inside = networks().create({"private", {}, {}, true, {}});
  ASSERT_TRUE(inside) << inside.error().render_long();
  EXPECT_EQ(sh("cat /proc/sys/net/ipv4/ip_forward"), "0\n") << "an internal network needs no forwarding";
  auto outside = networks().create({"public", {}, {}, false, {}});
  ASSERT_TRUE(outside);
  Netns x, y;
  attach("private", container_id('a'), x);
  auto ey = attach("private", container_id('b'), y);

  EXPECT_FALSE(has(in_ns(x, "ip -4 route show"), "default")) << in_ns(x, "ip -4 route show");
  EXPECT_EQ(run_in(&x, [&](auto&) { return tcp_exchange(outside->gateway.str(), 9, 1500); }),
            "error: Network is unreachable");
  auto server = Task::start(&y, tcp_server(8000, "peer"));
  EXPECT_EQ(run_in(&x, [&](auto&) { return tcp_exchange(ey.ip.str(), 8000); }), "peer") << "the subnet itself works";
  EXPECT_EQ(server->result(), "served");
  std::string rules = sh("nft list table ip mocker");
  EXPECT_TRUE(has(rules, "iifname \"" + inside->bridge + "\" oifname != \"" + inside->bridge + "\" drop")) << rules;
  EXPECT_FALSE(has(rules, "ip saddr " + inside->subnet.str())) << "no NAT for an internal network";

  ASSERT_TRUE(networks().cleanup_orphans({}));
  EXPECT_TRUE(networks().remove("private"));
  EXPECT_TRUE(networks().remove("public"));
}

TEST_F(Networks, FixedAddressesAndExhaustion) {
  ASSERT_TRUE(networks().create({"small", std::string("10.30.0.0/29"), {}, false, {}}));
  Netns a, b, c;
  net::Attachment fixed{"small", container_id('a'), "a", a.path(), "eth0", std::string("10.30.0.6"),
                        std::string("02:00:00:00:00:0a"), {}};
  auto ea = networks().attach(fixed);
  ASSERT_TRUE(ea) << ea.error().render_long();
  EXPECT_EQ(ea->ip.str(), "10.30.0.6");
  EXPECT_TRUE(has(in_ns(a, "ip -o link show dev eth0"), "02:00:00:00:00:0a"));

  net::Attachment taken{"small", container_id('b'), "b", b.path(), "eth0", std::string("10.30.0.6"), {}, {}};
  auto again = networks().attach(taken);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().render(),
            "attach bbbbbbbbbbbb to network small: allocate address 10.30.0.6: address already in use");
  taken.ip = "10.30.1.1";
  EXPECT_EQ(networks().attach(taken).error().render(),
            "attach bbbbbbbbbbbb to network small: allocate address 10.30.1.1: not a host address of subnet 10.30.0.0/29");

  // .2 ... .5 are left; take them all, then one more.
  for (char id : {'b', 'c', 'd', 'e'}) {
    Netns ns;
    net::Attachment any{"small", container_id(id), "", ns.path(), "eth0", {}, {}, {}};
    ASSERT_TRUE(networks().attach(any));
  }
  net::Attachment none_left{"small", container_id('f'), "", c.path(), "eth0", {}, {}, {}};
  auto full = networks().attach(none_left);
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().render(),
            "attach ffffffffffff to network small: allocate address 10.30.0.0/29: no free address left in the subnet");
  EXPECT_EQ(networks().endpoints("small")->size(), 5u) << "failed attaches record no lease";

  // The four namespaces above are gone: their veths went with them.
  ASSERT_TRUE(networks().cleanup_orphans({container_id('a')}));
  EXPECT_EQ(networks().endpoints("small")->size(), 1u);
  ASSERT_TRUE(networks().detach("small", container_id('a')));
  EXPECT_EQ(networks().detach("small", container_id('a')).error().render(),
            "detach aaaaaaaaaaaa: not attached to network small");
  EXPECT_TRUE(networks().remove("small"));
}

TEST_F(Networks, AttachFailureLeavesNothing) {
  ASSERT_TRUE(networks().create({"front", {}, {}, false, {}}));
  Netns a;
  ASSERT_EQ(run("nsenter --net=" + a.path() + " ip link add eth0 type bridge").status, 0);
  auto e = networks().attach({"front", container_id('a'), "", a.path(), "eth0", {}, {}, {}});
  ASSERT_FALSE(e);
  EXPECT_TRUE(has(e.error().render(), "create veth")) << e.error().render();
  EXPECT_TRUE(networks().endpoints("front")->empty());
  EXPECT_EQ(links_other_than_lo().size(), 1u) << "only the bridge";

  // An empty ifname takes the first free ethN instead.
  auto auto_named = networks().attach({"front", container_id('a'), "", a.path(), "", {}, {}, {}});
  ASSERT_TRUE(auto_named) << auto_named.error().render_long();
  EXPECT_EQ(auto_named->ifname, "eth1");
  auto bad_ns = networks().attach({"front", container_id('b'), "", "/proc/0/ns/net", "eth0", {}, {}, {}});
  ASSERT_FALSE(bad_ns);
  EXPECT_EQ(networks().endpoints("front")->size(), 1u);

  auto busy = networks().remove("front");
  ASSERT_FALSE(busy);
  EXPECT_EQ(busy.error().render(),
            "remove network front: network front has active endpoints (containers, running or stopped: "
            "aaaaaaaaaaaa); remove them or disconnect them first");
  ASSERT_TRUE(networks().detach("front", container_id('a')));
  EXPECT_TRUE(networks().remove("front"));
}

TEST_F(Networks, CleanupRemovesWhatACrashLeft) {
  auto n = networks().create({"front", {}, {}, false, {}});
  ASSERT_TRUE(n);
  Netns b;
  attach("front", container_id('b'), b);
  {
    Netns a;
    attach("front", container_id('a'), a);
  }  // the container died; its lease and rules remain
  net::PortMapping m;
  m.host_ip = *net::Ipv4::parse("127.0.0.1");
  m.host_port = 18200;
  m.container_ip = *net::Ipv4::parse("172.18.0.2");
  m.container_port = 80;
  ASSERT_TRUE(networks().publish(container_id('a'), {m}));
  // Objects of ours no record names, as a crash between two steps leaves them.
  ASSERT_EQ(run("ip link add mkvdeadbeef0001 type veth peer name mkt-peer").status, 0);
  ASSERT_EQ(run("ip link add mkr-deadbeef type bridge").status, 0);
  ASSERT_EQ(run("ip link add mkt-foreign type bridge").status, 0);

  ASSERT_TRUE(networks().cleanup_orphans({container_id('b')}));
  auto eps = networks().endpoints("front");
  ASSERT_EQ(eps->size(), 1u);
  EXPECT_EQ(eps->front().container_id, container_id('b'));
  EXPECT_TRUE(networks().published(container_id('a'))->empty());
  EXPECT_FALSE(has(sh("nft list table ip mocker"), "container " + container_id('a')));
  auto links = links_other_than_lo();
  std::sort(links.begin(), links.end());
  std::vector<std::string> expected = {"link " + eps->front().host_veth, "link " + n->bridge, "link mkt-foreign"};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(links, expected) << "strays of ours are gone, the foreign link stays";

  ASSERT_EQ(run("ip link del mkt-foreign").status, 0);
  ASSERT_TRUE(networks().cleanup_orphans({}));
  EXPECT_TRUE(networks().remove("front"));
}

}  // namespace
}  // namespace mocker::test
