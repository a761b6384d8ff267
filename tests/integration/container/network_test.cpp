// Networks through the engine facade: endpoints live while a container runs,
// failures roll back, and a crash's leftovers are cleaned by the next engine.
#include "container_fixture.hpp"

#include <mocker/network/network.hpp>

using mocker::test::ContainerTest;
namespace container = mocker::engine::container;
namespace network = mocker::engine::network;

namespace {

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

TEST_F(ContainerNetworkTest, EndpointsAndPortsLiveOnlyWhileTheContainerRuns) {
  auto o = on("lab", {"sleep", "100"});
  o.network.publish = {"127.0.0.1:18082:80"};
  auto c = start(o);
  auto first = endpoints(c.id);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(engine().networks().published(c.id)->size(), 1u);
  ASSERT_TRUE(engine().containers().stop(c.id, 1));
  EXPECT_TRUE(endpoints(c.id).empty()) << "released on stop";
  EXPECT_TRUE(engine().networks().published(c.id)->empty());
  EXPECT_EQ(mocker::test::links_other_than_lo().size(), 1u) << "the bridge only";
  ASSERT_TRUE(engine().containers().start(c.id));
  EXPECT_EQ(endpoints(c.id).size(), 1u) << "attached again on start";
  EXPECT_EQ(engine().networks().published(c.id)->size(), 1u);

  // A container that ends by itself is released by the next look at it.
  auto quick = run_to_end(on("lab", {"true"}));
  EXPECT_TRUE(endpoints(quick.id).empty());
  ASSERT_TRUE(engine().containers().remove(c.id, true));
  ASSERT_TRUE(engine().containers().remove(quick.id, false));
  remove_networks();
  expect_no_network_leftovers();
}

TEST_F(ContainerNetworkTest, AFailedAttachRollsBackWhatWasMadeAndKeepsTheFirstError) {
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
  ASSERT_TRUE(c) << c.error().render();
  auto started = engine().containers().start(c->id);
  ASSERT_FALSE(started);
  EXPECT_NE(started.error().render().find("10.233.0.9"), std::string::npos) << started.error().render();
  EXPECT_TRUE(endpoints(c->id).empty()) << "lab's endpoint was released";
  auto after = engine().containers().get(c->id);
  EXPECT_EQ(after->state.status, container::Status::created);
  EXPECT_FALSE(after->state.error.empty());
  EXPECT_EQ(mocker::test::links_other_than_lo().size(), 3u) << "two bridges and the holder's veth";
  ASSERT_TRUE(engine().containers().remove(holder.id, true));
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
  EXPECT_TRUE(endpoints(c->id).empty());
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
