// Address allocation inside a subnet.
#include <mocker/network/ipam.hpp>

#include <gtest/gtest.h>

namespace net = mocker::engine::network;
using net::AddressSpace;
using net::Cidr;
using net::Ipv4;

namespace {

Ipv4 ip(const char* text) { return *Ipv4::parse(text); }

AddressSpace space(const char* subnet, std::vector<const char*> leased = {}, const char* last = nullptr) {
  AddressSpace s{*Cidr::parse(subnet), {}, {}, std::nullopt};
  s.gateway = *net::default_gateway(s.subnet);
  for (const char* l : leased) s.leased.insert(ip(l));
  if (last) s.last = ip(last);
  return s;
}

std::string allocate(const AddressSpace& s, const char* requested = nullptr) {
  auto r = net::allocate_address(s, requested ? std::optional<Ipv4>(ip(requested)) : std::nullopt);
  return r ? r->str() : "error: " + r.error().render();
}

TEST(Gateway, IsTheFirstHostUnlessGiven) {
  EXPECT_EQ(net::default_gateway(*Cidr::parse("172.18.0.0/16"))->str(), "172.18.0.1");
  EXPECT_FALSE(net::default_gateway(*Cidr::parse("10.0.0.0/31")));
  Cidr c = *Cidr::parse("10.0.0.0/24");
  EXPECT_TRUE(net::check_gateway(c, ip("10.0.0.254")));
  EXPECT_FALSE(net::check_gateway(c, ip("10.0.0.0")));
  EXPECT_FALSE(net::check_gateway(c, ip("10.0.0.255")));
  EXPECT_FALSE(net::check_gateway(c, ip("10.0.1.1")));
}

TEST(Allocate, HandsOutAddressesInOrderAfterTheGateway) {
  EXPECT_EQ(allocate(space("172.18.0.0/16")), "172.18.0.2");
  EXPECT_EQ(allocate(space("172.18.0.0/16", {"172.18.0.2"}, "172.18.0.2")), "172.18.0.3");
  // A gap left by a release is not reused while newer addresses remain.
  EXPECT_EQ(allocate(space("172.18.0.0/16", {"172.18.0.3"}, "172.18.0.3")), "172.18.0.4");
}

TEST(Allocate, WrapsAroundAndSkipsTakenAddresses) {
  // /29: hosts .1 (gateway) to .6.
  EXPECT_EQ(allocate(space("10.0.0.0/29", {"10.0.0.3", "10.0.0.6"}, "10.0.0.6")), "10.0.0.2");
  EXPECT_EQ(allocate(space("10.0.0.0/29", {"10.0.0.2", "10.0.0.6"}, "10.0.0.5")), "10.0.0.3");
}

TEST(Allocate, ExhaustionIsAnError) {
  EXPECT_EQ(allocate(space("10.0.0.0/30", {"10.0.0.2"}, "10.0.0.2")),
            "error: allocate address 10.0.0.0/30: no free address left in the subnet");
}

struct FixedCase {
  const char* requested;
  const char* result;
};

class Fixed : public ::testing::TestWithParam<FixedCase> {};

TEST_P(Fixed, HonoursAFreeHostAddressOnly) {
  EXPECT_EQ(allocate(space("172.20.0.0/24", {"172.20.0.5"}, "172.20.0.5"), GetParam().requested), GetParam().result);
}

INSTANTIATE_TEST_SUITE_P(
    Requests, Fixed,
    ::testing::Values(
        FixedCase{"172.20.0.100", "172.20.0.100"},
        FixedCase{"172.20.0.5", "error: allocate address 172.20.0.5: address already in use"},
        FixedCase{"172.20.0.1", "error: allocate address 172.20.0.1: address already in use"},
        FixedCase{"172.20.1.5", "error: allocate address 172.20.1.5: not a host address of subnet 172.20.0.0/24"},
        FixedCase{"172.20.0.0", "error: allocate address 172.20.0.0: not a host address of subnet 172.20.0.0/24"},
        FixedCase{"172.20.0.255", "error: allocate address 172.20.0.255: not a host address of subnet 172.20.0.0/24"}));

TEST(Allocate, ReleaseMakesTheAddressAvailableAgainEventually) {
  AddressSpace s = space("10.1.0.0/29");
  std::vector<std::string> got;
  for (int i = 0; i < 5; ++i) {
    Ipv4 a = *net::allocate_address(s, std::nullopt);
    s.leased.insert(a);
    s.last = a;
    got.push_back(a.str());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"10.1.0.2", "10.1.0.3", "10.1.0.4", "10.1.0.5", "10.1.0.6"}));
  EXPECT_FALSE(net::allocate_address(s, std::nullopt));
  s.leased.erase(ip("10.1.0.4"));  // released
  EXPECT_EQ(net::allocate_address(s, std::nullopt)->str(), "10.1.0.4");
}

}  // namespace
