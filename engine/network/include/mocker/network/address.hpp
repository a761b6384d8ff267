#pragma once
// IPv4 addresses, subnets (CIDR) and the MAC address derived from an IP.
#include <mocker/sys/result.hpp>

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace mocker::engine::network {

struct Ipv4 {
  uint32_t value = 0;  // host byte order: 172.17.0.1 is 0xac110001

  // Dotted quad, exactly four decimal parts.
  static sys::Result<Ipv4> parse(std::string_view text);
  std::string str() const;
  bool any() const { return value == 0; }
  auto operator<=>(const Ipv4&) const = default;
};

struct Cidr {
  Ipv4 address;  // the network address: host bits are zero
  int prefix = 0;

  // "172.18.0.0/16". An address with host bits set is refused (naming the
  // subnet the user probably meant), as is a missing or out-of-range prefix.
  static sys::Result<Cidr> parse(std::string_view text);
  std::string str() const;
  uint32_t mask() const;
  Ipv4 broadcast() const;
  uint64_t size() const { return uint64_t{1} << (32 - prefix); }
  bool contains(Ipv4 ip) const { return (ip.value & mask()) == address.value; }
  bool overlaps(const Cidr& other) const;
  auto operator<=>(const Cidr&) const = default;
};

// Docker's stable MAC for an address: 02:42 followed by the address's four
// bytes, so a container keeps its MAC for as long as it keeps its IP.
std::string mac_for(Ipv4 ip);
// "02:42:ac:11:00:02": six hex pairs, unicast (low bit of the first byte clear).
sys::Status check_mac(std::string_view mac);

}  // namespace mocker::engine::network
