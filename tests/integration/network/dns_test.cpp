// The per-network DNS server (mocker-dns): peers by name and alias, names
// that appear after it started, forwarding, and its lifecycle.
#include "fixture.hpp"

#include <mocker/network/dns.hpp>

#include <arpa/inet.h>
#include <algorithm>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mocker::test {
namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// One A query to server:port (bounded); "NXDOMAIN", the addresses, or an error.
std::string query(const std::string& server, uint16_t port, const std::string& name) {
  auto message = net::build_dns_query(0x4242, name);
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, server.c_str(), &sa.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::send(fd, message.data(), message.size(), 0) < 0) {
    ::close(fd);
    return "error: send";
  }
  pollfd p{fd, POLLIN, 0};
  uint8_t buf[1024];
  ssize_t n = ::poll(&p, 1, 3000) == 1 ? ::recv(fd, buf, sizeof buf, 0) : -1;
  ::close(fd);
  if (n < 0) return "error: no answer";
  auto reply = net::parse_dns_reply(std::span<const uint8_t>(buf, static_cast<size_t>(n)));
  if (!reply) return "error: " + reply.error().render();
  if (reply->id != 0x4242) return "error: wrong id";
  if (reply->rcode == net::DnsRcode::name_error) return "NXDOMAIN";
  if (reply->rcode != net::DnsRcode::no_error) return "rcode " + std::to_string(static_cast<int>(reply->rcode));
  std::string out;
  for (const auto& a : reply->addresses) out += (out.empty() ? "" : " ") + a.str();
  return out;
}

// A process that exited but is not reaped yet (a zombie: the test is the
// subreaper) is not alive, though kill(pid, 0) still succeeds on it.
bool alive(pid_t pid) {
  ::waitpid(pid, nullptr, WNOHANG);
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

class Dns : public NetworkTest {
 protected:
  void SetUp() override {
    NetworkTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    config_.dns_binary = MOCKER_DNS_PATH;
    config_.dns_upstreams = std::vector<std::string>{};
    open(config_);
  }
  net::NetworkConfig config_;
};

TEST_F(Dns, PeersResolveByNameAndAlias) {
  auto n = networks().create({"front", {}, {}, false, {}});
  ASSERT_TRUE(n) << n.error().render_long();
  ASSERT_TRUE(n->dns);
  EXPECT_TRUE(alive(n->dns->pid));
  Netns a, b, c;
  auto ea = attach("front", container_id('a'), a, "web-1", {"web"});
  auto eb = attach("front", container_id('b'), b, "web-2", {"web"});
  attach("front", container_id('c'), c, "client");
  const std::string gw = n->gateway.str();

  auto ask = [&](const std::string& name) { return run_in(&c, [&](auto&) { return query(gw, 53, name); }); };
  EXPECT_EQ(ask("web-1"), ea.ip.str());
  EXPECT_EQ(ask("WEB-2"), eb.ip.str());
  EXPECT_EQ(ask("web"), ea.ip.str() + " " + eb.ip.str()) << "every container under the alias";
  EXPECT_EQ(ask("aaaaaaaaaaaa"), ea.ip.str()) << "the short id";
  EXPECT_EQ(ask("nobody"), "NXDOMAIN");

  // busybox nslookup, as a container's shell would ask it.
  std::string looked = run("nsenter --net=" + c.path() + " busybox nslookup web-1 " + gw).output;
  EXPECT_TRUE(has(looked, ea.ip.str())) << looked;

  // A container attached later is found at once: answers come from the leases.
  Netns d;
  auto ed = attach("front", container_id('d'), d, "late");
  EXPECT_EQ(ask("late"), ed.ip.str());
  ASSERT_TRUE(networks().detach("front", container_id('d')));
  EXPECT_EQ(ask("late"), "NXDOMAIN");

  pid_t pid = n->dns->pid;
  ASSERT_TRUE(networks().cleanup_orphans({}));
  ASSERT_TRUE(networks().remove("front"));
  EXPECT_FALSE(alive(pid)) << "the server stops with its network";
}

TEST_F(Dns, AnswersAcrossTheAskersNetworksOnly) {
  ASSERT_TRUE(networks().create({"front", {}, {}, false, {}}));
  auto back = networks().create({"back", {}, {}, true, {}});
  ASSERT_TRUE(back) << back.error().render_long();
  Netns web, db, outsider;
  attach("front", container_id('a'), web, "web");
  net::Attachment second{"back", container_id('a'), "web", web.path(), "eth1", {}, {}, {}};
  ASSERT_TRUE(networks().attach(second));
  auto edb = attach("back", container_id('b'), db, "db");
  net::Attachment lone{"front", container_id('c'), "outsider", outsider.path(), "eth0", {}, {}, {}};
  ASSERT_TRUE(networks().attach(lone));
  const std::string front_gw = networks().get("front")->gateway.str();

  // web asks the server of its first network about a peer on its second.
  EXPECT_EQ(run_in(&web, [&](auto&) { return query(front_gw, 53, "db"); }), edb.ip.str());
  EXPECT_EQ(run_in(&outsider, [&](auto&) { return query(front_gw, 53, "db"); }), "NXDOMAIN");
  // The internal network's server answers there too (its gateway is on the bridge).
  EXPECT_EQ(run_in(&db, [&](auto&) { return query(back->gateway.str(), 53, "web"); }),
            networks().endpoints("back")->front().ip.str());

  auto peers = networks().peers(container_id('a'));
  ASSERT_TRUE(peers);
  std::vector<std::string> names;
  for (const auto& p : *peers) names.push_back(p.names.at(0));
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"db", "outsider"}));

  ASSERT_TRUE(networks().cleanup_orphans({}));
  EXPECT_TRUE(networks().remove("front"));
  EXPECT_TRUE(networks().remove("back"));
}

TEST_F(Dns, UnknownNamesGoUpstream) {
  // A stand-in upstream on the host's loopback that answers one query.
  auto upstream = Task::start(nullptr, [](const std::function<void()>& ready) -> std::string {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(15353);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return "error: bind";
    ready();
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 10000) != 1) return "timeout";
    uint8_t buf[512];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    std::span<const uint8_t> q(buf, static_cast<size_t>(n));
    auto question = net::parse_dns_query(q);
    if (!question) return "error: bad query";
    auto answer = net::build_dns_answer(q, *question, net::DnsRcode::no_error, {net::Ipv4{0x0a630001}});
    ::sendto(fd, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    return "answered " + question->name;
  });
  config_.dns_upstreams = std::vector<std::string>{"127.0.0.1:15353"};
  open(config_);
  auto n = networks().create({"front", {}, {}, false, {}});
  ASSERT_TRUE(n) << n.error().render_long();
  Netns a;
  attach("front", container_id('a'), a, "a");
  EXPECT_EQ(run_in(&a, [&](auto&) { return query(n->gateway.str(), 53, "example.test"); }), "10.99.0.1");
  EXPECT_EQ(upstream->result(), "answered example.test");
  ASSERT_TRUE(networks().cleanup_orphans({}));
  EXPECT_TRUE(networks().remove("front"));
}

TEST_F(Dns, ADeadServerIsRestartedOnAttach) {
  auto n = networks().create({"front", {}, {}, false, {}});
  ASSERT_TRUE(n && n->dns);
  ::kill(n->dns->pid, SIGKILL);
  Netns a;
  auto ea = attach("front", container_id('a'), a, "again");
  auto now = networks().get("front");
  ASSERT_TRUE(now->dns);
  EXPECT_NE(now->dns->pid, n->dns->pid);
  EXPECT_EQ(run_in(&a, [&](auto&) { return query(n->gateway.str(), 53, "again"); }), ea.ip.str());
  ASSERT_TRUE(networks().cleanup_orphans({}));
  EXPECT_TRUE(networks().remove("front"));
}

TEST_F(Dns, CleanupStopsServersOfNetworksThatAreGone) {
  auto n = networks().create({"front", {}, {}, false, {}});
  ASSERT_TRUE(n && n->dns);
  // A crash after the record went but before the server was stopped.
  ASSERT_TRUE(records().remove("networks", n->id));
  ASSERT_TRUE(networks().cleanup_orphans({}));
  EXPECT_FALSE(alive(n->dns->pid));
  EXPECT_EQ(links_other_than_lo(), std::vector<std::string>{}) << "its bridge went too";
}

}  // namespace
}  // namespace mocker::test
