// Containers on networks through the CLI: names, aliases and DNS, isolation,
// internal networks, published ports, shared namespaces, connect/disconnect,
// and nothing of ours left after rm.
#include "network_fixture.hpp"

#include <nlohmann/json.hpp>

using mocker::test::HostListener;
using mocker::test::NetworkCliTest;
using mocker::test::wait_for_http;

namespace {
bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
}  // namespace

TEST_F(NetworkCliTest, PeersTalkByNameAndAliasAndDnsReturnsEveryAliasHolder) {
  ok("network create app");
  serve_http("--name web --network app --network-alias svc", "from-web");
  serve_http("--name web2 --network app --network-alias svc", "from-web2");
  ok("run -d --name pong --network app --network-alias pong-alias busybox sh -c "
     "'while true; do echo pong | nc -l -p 9000; done'");
  auto r = in_container("--name client --network app",
                        wait_for_http("http://web/") + wait_for_http("http://web2/") +
                            "timeout 3 wget -q -O- http://web/; timeout 3 wget -q -O- http://web2/; "
                            // The server listens again after each connection: retry (bounded) until it does.
                            "for i in $(seq 30); do nc -w 2 pong 9000 </dev/null 2>/dev/null && break; sleep 0.1; done; "
                            "for i in $(seq 30); do nc -w 2 pong-alias 9000 </dev/null 2>/dev/null && break; sleep 0.1; done; "
                            "nslookup svc; cat /etc/hosts /etc/resolv.conf");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(has(r.output, "from-web\nfrom-web2\npong\npong\n")) << r.output;
  std::string web = ip_of("web", "app"), web2 = ip_of("web2", "app");
  ASSERT_FALSE(web.empty());
  EXPECT_TRUE(has(r.output, "Address: " + web + "\n")) << r.output;
  EXPECT_TRUE(has(r.output, "Address: " + web2 + "\n")) << r.output;
  EXPECT_TRUE(has(r.output, "nameserver " + gateway_of("app") + "\n")) << r.output;
  EXPECT_TRUE(has(r.output, "127.0.0.1\tlocalhost\n")) << r.output;
  EXPECT_TRUE(has(r.output, " client\n")) << "own name in /etc/hosts: " << r.output;
  remove_everything();
}

TEST_F(NetworkCliTest, AContainerOnAnotherNetworkCannotReachThem) {
  ok("network create a");
  ok("network create b");
  serve_http("--name web --network a", "secret");
  std::string web = ip_of("web", "a");
  auto same = in_container("--network a", wait_for_http("http://" + web + "/") + "timeout 3 wget -q -O- http://" + web + "/");
  EXPECT_EQ(same.output, "secret\n");
  auto other = in_container("--network b", "nc -w 2 " + web + " 80 </dev/null 2>/dev/null || echo unreachable");
  EXPECT_EQ(other.output, "unreachable\n");
  remove_everything();
}

TEST_F(NetworkCliTest, AnInternalNetworkHasNoRouteOutOfItsSubnet) {
  ok("network create out");
  ok("network create --internal inner");
  HostListener host(7000);
  ASSERT_TRUE(host.ok());
  std::string target = gateway_of("out");  // an address of the host outside inner's subnet
  auto routed = in_container("--network out", "nc -w 2 " + target + " 7000 </dev/null");
  EXPECT_EQ(routed.output, "hello\n") << "control: a normal network reaches the host";
  serve_http("--name inside --network inner", "inner-peer");
  auto r = in_container("--network inner", "ip route; nc -w 2 " + target + " 7000 </dev/null 2>/dev/null || echo blocked; " +
                                               wait_for_http("http://inside/") + "timeout 3 wget -q -O- http://inside/");
  EXPECT_FALSE(has(r.output, "default")) << r.output;
  EXPECT_TRUE(has(r.output, "blocked\ninner-peer\n")) << r.output;
  EXPECT_EQ(host.accepted(), 1);
  auto inspect = nlohmann::json::parse(ok("network inspect inner"), nullptr, false);
  ASSERT_FALSE(inspect.is_discarded());
  EXPECT_EQ(inspect[0]["internal"], true);
  remove_everything();
}

TEST_F(NetworkCliTest, PublishedPortsAnswerOnTheHost) {
  ok("network create front");
  serve_http("--name web --network front -p 127.0.0.1:18080:80", "published");
  ok("run -d --name udp -p 127.0.0.1:18053:5353/udp -v " + std::string(MOCKER_BIN_DIR) +
     "/mocker-netpeer:/bin/mocker-netpeer:ro busybox mocker-netpeer udp-echo 5353");
  serve_http("--name any -p 80", "any-port");
  EXPECT_TRUE(eventually([&] { return has(mocker::test::http_get("127.0.0.1", 18080), "published"); }));
  EXPECT_TRUE(eventually([&] { return mocker::test::udp_exchange("127.0.0.1", 18053, "hi") == "echo:hi"; }));
  EXPECT_EQ(ok("port web"), "80/tcp -> 127.0.0.1:18080\n");
  std::string any = ok("port any");
  ASSERT_TRUE(any.starts_with("80/tcp -> 0.0.0.0:")) << any;
  uint16_t any_port = static_cast<uint16_t>(std::stoi(any.substr(any.rfind(':') + 1)));
  EXPECT_TRUE(eventually([&] { return has(mocker::test::http_get("127.0.0.1", any_port), "any-port"); }));
  EXPECT_TRUE(has(ok("ps"), "127.0.0.1:18080->80/tcp")) << ok("ps");
  auto ps = ok("ps --filter name=^udp$ --format '{{.Names}} {{.Ports}}'");
  EXPECT_EQ(ps, "udp 127.0.0.1:18053->5353/udp\n");
  auto inspect = nlohmann::json::parse(ok("inspect web"), nullptr, false);
  ASSERT_FALSE(inspect.is_discarded());
  const auto& settings = inspect[0]["network_settings"];
  EXPECT_EQ(settings["networks"]["front"]["ip"], ip_of("web", "front"));
  EXPECT_EQ(settings["networks"]["front"]["gateway"], gateway_of("front"));
  EXPECT_EQ(settings["ports"][0]["host_port"], 18080);
  remove_everything();
}

TEST_F(NetworkCliTest, ASecondClaimOnAHostPortFailsClearlyAndLeavesNothing) {
  serve_http("--name first -p 127.0.0.1:18081:80", "first");
  auto second = cli("run -d --name second -p 127.0.0.1:18081:80 busybox sh -c 'echo started; sleep 100'");
  EXPECT_EQ(second.status, 125);
  EXPECT_EQ(second.output, "mocker: start second: publish 127.0.0.1:18081/tcp: port is already allocated\n");
  auto c = engine().containers().get("second");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->state.status, mocker::engine::container::Status::created) << "as Docker leaves it";
  EXPECT_EQ(stdout_of(c->id), "") << "the workload never ran";
  auto endpoints = engine().networks().endpoints_of(c->id);
  ASSERT_TRUE(endpoints);
  ASSERT_EQ(endpoints->size(), 1u) << "its lease is kept until rm";
  EXPECT_FALSE(endpoints->front().active) << "but nothing is plumbed";
  EXPECT_TRUE(engine().networks().published(c->id)->empty());
  auto links = mocker::test::links_other_than_lo();
  EXPECT_EQ(links.size(), 2u) << "the default bridge and first's veth only";
  EXPECT_TRUE(eventually([&] { return has(mocker::test::http_get("127.0.0.1", 18081), "first"); }));
  remove_everything();
}

TEST_F(NetworkCliTest, ASharerReachesItsParentOnLocalhostAndIsToldWhenItStops) {
  serve_http("--name main", "shared-stack");
  auto r = in_container("--network container:main", wait_for_http("http://localhost/") +
                                                         "timeout 3 wget -q -O- http://localhost/; ip addr show eth0 | grep -c \"inet \"");
  EXPECT_EQ(r.output, "shared-stack\n1\n") << r.output;
  ok("create --name sidecar --network container:main busybox sleep 100");
  ok("start sidecar");
  ok("stop -t 1 main");
  EXPECT_TRUE(has(ok("ps"), "(network parent main is not running)")) << ok("ps");
  auto inspect = nlohmann::json::parse(ok("inspect sidecar"), nullptr, false);
  ASSERT_FALSE(inspect.is_discarded());
  EXPECT_EQ(inspect[0]["network_settings"]["parent"], nlohmann::json({{"name", "main"}, {"running", false}}));
  ok("stop -t 1 sidecar");
  auto start = cli("start sidecar");
  EXPECT_EQ(start.status, 1);
  EXPECT_EQ(start.output, "mocker: start sidecar: join network of main: container main (network parent) is not running\n");
  auto conflict = cli("run --rm --network container:main -p 8080:80 busybox true");
  EXPECT_EQ(conflict.status, 125);
  EXPECT_TRUE(has(conflict.output, "conflicting options")) << conflict.output;
  remove_everything();
}

TEST_F(NetworkCliTest, NamesFollowAPeerRecreatedWithAnotherAddress) {
  ok("network create --subnet 10.231.0.0/24 lab");
  ok("run -d --name peer --network lab --ip 10.231.0.50 busybox sleep 100");
  ok("run -d --name asker --network lab busybox sleep 100");
  EXPECT_TRUE(has(ok("exec asker nslookup peer"), "Address: 10.231.0.50\n"));
  ok("rm -f peer");
  ok("run -d --name peer --network lab --ip 10.231.0.60 busybox sleep 100");
  auto again = ok("exec asker nslookup peer");
  EXPECT_TRUE(has(again, "Address: 10.231.0.60\n")) << again;
  EXPECT_FALSE(has(again, "10.231.0.50")) << again;
  remove_everything();
}

TEST_F(NetworkCliTest, ANetworkWithStoppedOrCreatedContainersIsNotRemoved) {
  ok("network create --subnet 10.234.0.0/24 kept");
  ok("create --name late --network kept busybox sleep 100");
  ok("run -d --name early --network kept busybox sleep 100");
  ok("stop -t 0 early");
  auto before = ok("network inspect kept");
  auto r = cli("network rm kept");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_EQ(r.output,
            "mocker: remove network kept: network kept has active endpoints (containers, running or stopped: "
            "late, early); remove them or disconnect them first\n");
  EXPECT_EQ(ok("network inspect kept"), before) << "nothing changed";
  ok("start late");
  ok("start early");
  EXPECT_NE(ip_of("late", "kept"), "");
  remove_everything();
}

TEST_F(NetworkCliTest, StopAndStartKeepTheAddress) {
  ok("network create --subnet 10.235.0.0/24 lab");
  ok("run -d --name web --network lab busybox sleep 100");
  std::string first = ip_of("web", "lab");
  ASSERT_NE(first, "");
  ok("stop -t 0 web");
  ok("run -d --name other --network lab busybox sleep 100");
  EXPECT_NE(ip_of("other", "lab"), first);
  ok("start web");
  EXPECT_EQ(ip_of("web", "lab"), first);
  EXPECT_TRUE(has(ok("exec other nslookup web"), "Address: " + first + "\n"));
  remove_everything();
}

TEST_F(NetworkCliTest, ConnectAndDisconnectARunningContainer) {
  ok("network create one");
  ok("network create two");
  serve_http("--name web --network one", "joined");
  ok("network connect --alias second-name two web");
  auto r = in_container("--network two", wait_for_http("http://second-name/") + "timeout 3 wget -q -O- http://second-name/");
  EXPECT_EQ(r.output, "joined\n");
  auto hosts = ok("exec web cat /etc/hosts");
  EXPECT_TRUE(has(hosts, ip_of("web", "two") + "\t")) << "its new address in its hosts file: " << hosts;
  auto inspect = nlohmann::json::parse(ok("network inspect two"), nullptr, false);
  ASSERT_FALSE(inspect.is_discarded());
  EXPECT_EQ(inspect[0]["containers"].size(), 1u);
  EXPECT_EQ(cli("network rm two").status, 1) << "in use";
  ok("network disconnect two web");
  EXPECT_EQ(ip_of("web", "two"), "");
  EXPECT_TRUE(has(ok("exec web ip addr"), ip_of("web", "one")));
  remove_everything();
}

TEST_F(NetworkCliTest, EtcFilesFollowTheNetworkMode) {
  auto bridge = in_container("--add-host db.local:10.9.8.7", "cat /etc/resolv.conf; grep db.local /etc/hosts");
  EXPECT_TRUE(has(bridge.output, "nameserver 172.17.0.1\n")) << "the default network's DNS server: " << bridge.output;
  EXPECT_TRUE(has(bridge.output, "10.9.8.7\tdb.local\n")) << bridge.output;
  auto dns = in_container("--dns 10.0.0.9", "cat /etc/resolv.conf");
  EXPECT_TRUE(has(dns.output, "nameserver 10.0.0.9\n")) << dns.output;
  EXPECT_FALSE(has(dns.output, "172.17.0.1")) << dns.output;
  auto none = in_container("--network none", "ip -o link | wc -l; grep -c 127.0.1.1 /etc/hosts");
  EXPECT_EQ(none.output, "1\n1\n") << "loopback only";
  auto bad = cli("run --rm -p 80:80:80:80 busybox true");
  EXPECT_EQ(bad.status, 125);
  auto missing = cli("run --rm --network nosuch busybox true");
  EXPECT_EQ(missing.output, "mocker: find network nosuch: no such network\n");
  remove_everything();
}
