// Choosing a subnet for a new network from the address pools.
#include <mocker/network/pool.hpp>

#include <gtest/gtest.h>

namespace net = mocker::engine::network;
using net::Cidr;

namespace {

Cidr cidr(const char* text) { return *Cidr::parse(text); }

std::string choose(const std::vector<net::SubnetPool>& pools, const std::vector<Cidr>& taken) {
  auto c = net::choose_subnet(pools, taken);
  return c ? c->str() : "error: " + c.error().render();
}

struct PoolCase {
  const char* name;
  std::vector<const char*> taken;
  const char* chosen;
};

class DefaultPools : public ::testing::TestWithParam<PoolCase> {};

TEST_P(DefaultPools, SkipsEverySubnetThatOverlaps) {
  std::vector<Cidr> taken;
  for (const char* t : GetParam().taken) taken.push_back(cidr(t));
  EXPECT_EQ(choose(net::default_subnet_pools(), taken), GetParam().chosen);
}

INSTANTIATE_TEST_SUITE_P(
    Taken, DefaultPools,
    ::testing::Values(PoolCase{"nothing", {}, "172.17.0.0/16"},
                      PoolCase{"default network", {"172.17.0.0/16"}, "172.18.0.0/16"},
                      PoolCase{"host route inside a pool subnet", {"172.17.0.0/16", "172.18.4.0/24"}, "172.19.0.0/16"},
                      PoolCase{"host route covering several", {"172.16.0.0/13"}, "172.24.0.0/16"},
                      PoolCase{"all of 172.16/12", {"172.16.0.0/12"}, "192.168.0.0/20"},
                      PoolCase{"a LAN in 192.168.0.0/24", {"172.16.0.0/12", "192.168.0.0/24"}, "192.168.16.0/20"},
                      PoolCase{"half of 192.168 taken", {"172.16.0.0/12", "192.168.0.0/17"},
                               "192.168.128.0/20"}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& ch : n)
        if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
      return n;
    });

TEST(Pools, DefaultsAreDockers) {
  auto pools = net::default_subnet_pools();
  std::vector<std::string> all;
  for (const auto& p : pools) {
    auto taken = std::vector<Cidr>{};
    // Walk each pool by taking what it gives until it runs dry.
    for (int i = 0; i < 64; ++i) {
      auto c = net::choose_subnet({p}, taken);
      if (!c) break;
      all.push_back(c->str());
      taken.push_back(*c);
    }
  }
  ASSERT_EQ(all.size(), 15u + 16u);
  EXPECT_EQ(all.front(), "172.17.0.0/16");
  EXPECT_EQ(all[14], "172.31.0.0/16");
  EXPECT_EQ(all[15], "192.168.0.0/20");
  EXPECT_EQ(all.back(), "192.168.240.0/20");
  EXPECT_EQ(net::kDefaultSubnet.str(), "172.17.0.0/16");
}

TEST(Pools, ExhaustionIsAnError) {
  std::vector<net::SubnetPool> pools = {{cidr("10.10.0.0/23"), 24}};
  EXPECT_EQ(choose(pools, {cidr("10.10.0.0/24")}), "10.10.1.0/24");
  EXPECT_EQ(choose(pools, {cidr("10.10.0.0/24"), cidr("10.10.1.0/24")}),
            "error: choose subnet: every subnet of the address pools overlaps a network or a host route");
}

}  // namespace
