// Networks through the engine facade: endpoints live while a container runs,
// failures roll back, and a crash's leftovers are cleaned by the next engine.
#include "container_fixture.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>

#include <mocker/network/network.hpp>

using mocker::test::ContainerTest;
namespace container = mocker::engine::container;
namespace network = mocker::engine::network;

namespace {

// A TCP socket listening on 127.0.0.1:port, so that publishing the port fails.
class HostPort {
 public:
  explicit HostPort(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ >= 0 && (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 1) != 0)) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~HostPort() {
    if (fd_ >= 0) ::close(fd_);
  }
  bool ok() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

class ContainerNetworkTest : public ContainerTest {
 protected:
  void SetUp() override {
    ContainerTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    network::NetworkSpec spec;
    spec.name = "lab";
    spec.subnet = "10.232.0.0/24";
    ASSERT_TRUE(engine().networks().create(spec));
  }

  container::CreateOptions on(const std::string& net, std::vector<std::string> cmd) {
    auto o = options(std::move(cmd));
    o.network.kind = container::NetworkKind::bridge;
    o.network.networks.push_back({net, "", {}, "", ""});
    return o;
  }

  std::vector<network::Endpoint> endpoints(const std::string& id) {
    auto e = engine().networks().endpoints_of(id);
    EXPECT_TRUE(e) << e.error().render();
    return e ? *e : std::vector<network::Endpoint>{};
  }
};

}  // namespace

TEST_F(ContainerNetworkTest, AnAddressLastsFromCreateToRmVethsAndPortsOnlyWhileRunning) {
  auto o = on("lab", {"sleep", "100"});
  o.network.publish = {"127.0.0.1:18082:80"};
  auto created = engine().containers().create(o);
  ASSERT_TRUE(created) << created.error().render_long();
  auto leased = endpoints(created->id);
  ASSERT_EQ(leased.size(), 1u) << "leased at create";
  EXPECT_FALSE(leased[0].active);
  auto c = engine().containers().start(created->id);
  ASSERT_TRUE(c) << c.error().render_long();
  auto first = endpoints(c->id);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].active);
  EXPECT_EQ(first[0].ip, leased[0].ip);
  EXPECT_EQ(engine().networks().published(c->id)->size(), 1u);

  ASSERT_TRUE(engine().containers().stop(c->id, 1));
  ASSERT_TRUE(engine().containers().clean_up_networks());  // what the next command does
  auto stopped = endpoints(c->id);
  ASSERT_EQ(stopped.size(), 1u) << "a stopped container keeps its lease";
  EXPECT_FALSE(stopped[0].active);
  EXPECT_EQ(stopped[0].ip, first[0].ip);
  EXPECT_TRUE(engine().networks().published(c->id)->empty());
  EXPECT_EQ(mocker::test::links_other_than_lo().size(), 1u) << "the bridge only";

  // Another container meanwhile gets another address.
  auto other = start(on("lab", {"sleep", "100"}));
  ASSERT_EQ(endpoints(other.id).size(), 1u);
  EXPECT_NE(endpoints(other.id)[0].ip, first[0].ip);

  ASSERT_TRUE(engine().containers().start(c->id));
  auto again = endpoints(c->id);
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].ip, first[0].ip) << "the same address after stop and start";
  EXPECT_TRUE(again[0].active);
  EXPECT_EQ(engine().networks().published(c->id)->size(), 1u);

  // Restarted without anyone noticing the exit in between (as a supervisor does).
  ASSERT_TRUE(engine().containers().kill(c->id, SIGKILL));
  ASSERT_TRUE(eventually([&] { return engine().containers().get(c->id)->state.status != container::Status::running; }));
  ASSERT_TRUE(engine().containers().start(c->id));
  EXPECT_EQ(endpoints(c->id).at(0).ip, first[0].ip);
  EXPECT_EQ(engine().networks().published(c->id)->size(), 1u);

  ASSERT_TRUE(engine().containers().remove(c->id, true));
  EXPECT_TRUE(endpoints(c->id).empty()) << "rm gives the lease up";
  ASSERT_TRUE(engine().containers().remove(other.id, true));
  remove_networks();
  expect_no_network_leftovers();
}

TEST_F(ContainerNetworkTest, ATakenFixedAddressFailsCreateAndLeavesNothing) {
  network::NetworkSpec spec;
  spec.name = "other";
  spec.subnet = "10.233.0.0/24";
  ASSERT_TRUE(engine().networks().create(spec));
  auto holder_options = on("other", {"sleep", "100"});
  holder_options.network.networks[0].ip = "10.233.0.9";
  auto holder = start(holder_options);

  auto o = on("lab", {"sleep", "100"});
  o.network.networks.push_back({"other", "", {}, "10.233.0.9", ""});
  auto c = engine().containers().create(o);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().render().find("10.233.0.9: address already in use"), std::string::npos) << c.error().render();
  auto all = engine().containers().list(true, {});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 1u) << "the create was undone";
  EXPECT_EQ(engine().networks().endpoints("lab")->size(), 0u) << "lab's lease was given up";
  ASSERT_TRUE(engine().containers().remove(holder.id, true));
  remove_networks();
  expect_no_network_leftovers();
}

TEST_F(ContainerNetworkTest, AFailedStartRollsBackWhatWasMadeKeepsTheLeaseAndTheFirstError) {
  HostPort taken(18084);
  ASSERT_TRUE(taken.ok());
  auto o = on("lab", {"sleep", "100"});
  o.network.publish = {"127.0.0.1:18084:80"};
  auto c = engine().containers().create(o);
  ASSERT_TRUE(c) << c.error().render();
  auto leased = endpoints(c->id);
  ASSERT_EQ(leased.size(), 1u);
  auto started = engine().containers().start(c->id);
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().render().find("port is already allocated"), std::string::npos) << started.error().render();
  auto kept = endpoints(c->id);
  ASSERT_EQ(kept.size(), 1u) << "the lease is the container's until rm";
  EXPECT_FALSE(kept[0].active);
  EXPECT_EQ(kept[0].ip, leased[0].ip);
  auto after = engine().containers().get(c->id);
  EXPECT_EQ(after->state.status, container::Status::created);
  EXPECT_FALSE(after->state.error.empty());
  EXPECT_EQ(mocker::test::links_other_than_lo().size(), 1u) << "the bridge only";
  ASSERT_TRUE(engine().containers().remove(c->id, false));
  remove_networks();
  expect_no_network_leftovers();
}

TEST_F(ContainerNetworkTest, LeftoversOfACrashMidStartAreCleanedByTheNextEngine) {
  auto c = engine().containers().create(on("lab", {"sleep", "100"}));
  ASSERT_TRUE(c);
  // What a start that died after attaching leaves: a lease, a veth, a port.
  network::Attachment a;
  a.network = "lab";
  a.container_id = c->id;
  a.container_name = c->name;
  a.netns_path = "/proc/self/ns/net";
  a.ifname = "crash0";
  auto e = engine().networks().attach(a);
  ASSERT_TRUE(e) << e.error().render_long();
  network::PortMapping m;
  m.host_ip = *network::Ipv4::parse("127.0.0.1");
  m.host_port = 18083;
  m.container_ip = e->ip;
  m.container_port = 80;
  ASSERT_TRUE(engine().networks().publish(c->id, {m}));
  EXPECT_EQ(mocker::test::links_other_than_lo().size(), 3u);

  engine_.reset();
  open_engine();
  auto kept = endpoints(c->id);
  ASSERT_EQ(kept.size(), 1u) << "the container exists: its lease stays";
  EXPECT_FALSE(kept[0].active);
  EXPECT_EQ(kept[0].ip, e->ip);
  EXPECT_TRUE(engine().networks().published(c->id)->empty());
  EXPECT_EQ(mocker::test::links_other_than_lo().size(), 1u) << "the bridge only";
  ASSERT_TRUE(engine().containers().remove(c->id, false));
  remove_networks();
  expect_no_network_leftovers();
}

TEST_F(ContainerNetworkTest, ConflictingOptionsAreRefusedBeforeAnythingIsMade) {
  auto shared = options({"true"});
  shared.network.kind = container::NetworkKind::container;
  shared.network.container = "nosuch";
  auto r = engine().containers().create(shared);
  ASSERT_FALSE(r);
  shared.network.container = "x";
  shared.network.dns = {"10.0.0.1"};
  r = engine().containers().create(shared);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().render().find("conflicting options: --dns"), std::string::npos) << r.error().render();
  auto host = options({"true"});
  host.network.kind = container::NetworkKind::host;
  host.network.publish = {"80"};
  r = engine().containers().create(host);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().render().find("conflicting options: --publish"), std::string::npos);
  expect_no_containers();
  remove_networks();
}
