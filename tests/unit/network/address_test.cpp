// Addresses, subnets and derived MACs.
#include <mocker/network/address.hpp>

#include <gtest/gtest.h>

namespace net = mocker::engine::network;
using net::Cidr;
using net::Ipv4;

namespace {

Cidr cidr(const char* text) {
  auto c = Cidr::parse(text);
  EXPECT_TRUE(c) << text << ": " << c.error().render();
  return c ? *c : Cidr{};
}

Ipv4 ip(const char* text) {
  auto i = Ipv4::parse(text);
  EXPECT_TRUE(i) << text << ": " << i.error().render();
  return i ? *i : Ipv4{};
}

TEST(Ipv4, ParsesAndPrintsDottedQuads) {
  EXPECT_EQ(ip("172.17.0.1").value, 0xac110001u);
  EXPECT_EQ(ip("0.0.0.0").value, 0u);
  EXPECT_EQ(ip("255.255.255.255").value, 0xffffffffu);
  EXPECT_EQ(Ipv4{0xc0a80a01}.str(), "192.168.10.1");
}

TEST(Ipv4, RefusesWhatIsNotADottedQuad) {
  for (const char* bad : {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.-1", "01.2.3.4", "1..2.3", "a.b.c.d",
                          "1.2.3.4 ", " 1.2.3.4", "1.2.3.4/24"})
    EXPECT_FALSE(Ipv4::parse(bad)) << bad;
}

TEST(Cidr, ParsesSubnets) {
  Cidr c = cidr("172.18.0.0/16");
  EXPECT_EQ(c.address.value, 0xac120000u);
  EXPECT_EQ(c.prefix, 16);
  EXPECT_EQ(c.mask(), 0xffff0000u);
  EXPECT_EQ(c.broadcast().str(), "172.18.255.255");
  EXPECT_EQ(c.size(), 65536u);
  EXPECT_EQ(c.str(), "172.18.0.0/16");
  EXPECT_EQ(cidr("0.0.0.0/0").mask(), 0u);
  EXPECT_EQ(cidr("10.1.2.3/32").size(), 1u);
}

TEST(Cidr, RefusesHostBitsAndNamesTheSubnetMeant) {
  auto c = Cidr::parse("172.18.0.1/16");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().render(), "parse subnet 172.18.0.1/16: host bits are set; did you mean 172.18.0.0/16?");
}

TEST(Cidr, RefusesMalformedPrefixes) {
  for (const char* bad : {"10.0.0.0", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/8x", "10.0.0/8"})
    EXPECT_FALSE(Cidr::parse(bad)) << bad;
}

struct OverlapCase {
  const char* a;
  const char* b;
  bool overlap;
};

class Overlap : public ::testing::TestWithParam<OverlapCase> {};

TEST_P(Overlap, IsSymmetricAndExact) {
  const auto& c = GetParam();
  EXPECT_EQ(cidr(c.a).overlaps(cidr(c.b)), c.overlap) << c.a << " vs " << c.b;
  EXPECT_EQ(cidr(c.b).overlaps(cidr(c.a)), c.overlap) << c.b << " vs " << c.a;
}

INSTANTIATE_TEST_SUITE_P(Subnets, Overlap,
                         ::testing::Values(OverlapCase{"172.17.0.0/16", "172.17.0.0/16", true},
                                           OverlapCase{"172.17.0.0/16", "172.18.0.0/16", false},
                                           OverlapCase{"172.16.0.0/12", "172.31.5.0/24", true},
                                           OverlapCase{"10.0.0.0/8", "11.0.0.0/8", false},
                                           OverlapCase{"192.168.0.0/20", "192.168.15.255/32", true},
                                           OverlapCase{"192.168.0.0/20", "192.168.16.0/20", false},
                                           OverlapCase{"0.0.0.0/0", "8.8.8.8/32", true}));

TEST(Cidr, Contains) {
  Cidr c = cidr("192.168.16.0/20");
  EXPECT_TRUE(c.contains(ip("192.168.16.0")));
  EXPECT_TRUE(c.contains(ip("192.168.31.255")));
  EXPECT_FALSE(c.contains(ip("192.168.32.0")));
  EXPECT_FALSE(c.contains(ip("192.168.15.255")));
}

TEST(Mac, IsDerivedFromTheAddressLikeDocker) {
  EXPECT_EQ(net::mac_for(ip("172.17.0.2")), "02:42:ac:11:00:02");
  EXPECT_EQ(net::mac_for(ip("192.168.240.255")), "02:42:c0:a8:f0:ff");
  EXPECT_TRUE(net::check_mac(net::mac_for(ip("10.0.0.1"))));
}

TEST(Mac, ChecksTheFormAndRefusesMulticast) {
  EXPECT_TRUE(net::check_mac("02:42:AC:11:00:02"));
  for (const char* bad : {"", "02:42:ac:11:00", "02-42-ac-11-00-02", "02:42:ac:11:00:0g", "02:42:ac:11:00:022",
                          "01:00:5e:00:00:01"})
    EXPECT_FALSE(net::check_mac(bad)) << bad;
}

}  // namespace
