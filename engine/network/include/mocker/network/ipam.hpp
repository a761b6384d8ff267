#pragma once
// Address allocation inside one subnet, as pure functions over the leases in
// use; the file-backed, locked lease record lives with the network's records.
#include <mocker/network/address.hpp>

#include <optional>
#include <set>

namespace mocker::engine::network {

struct AddressSpace {
  Cidr subnet;
  Ipv4 gateway;
  std::set<Ipv4> leased;
  std::optional<Ipv4> last;  // the address leased most recently
};

// The gateway for a subnet when none is given: its first host address.
sys::Result<Ipv4> default_gateway(const Cidr& subnet);
// A gateway must be a host address of the subnet (not network or broadcast).
sys::Status check_gateway(const Cidr& subnet, Ipv4 gateway);

// The address to lease next. A requested address must be a free host address
// of the subnet. Otherwise the first free address after the last one leased
// (wrapping around), so that a just-released address is not handed out again
// at once while peers may still have it in their ARP caches.
sys::Result<Ipv4> allocate_address(const AddressSpace& space, std::optional<Ipv4> requested);

}  // namespace mocker::engine::network
