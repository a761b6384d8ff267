#include <mocker/network/ipam.hpp>

namespace mocker::engine::network {

namespace {

bool is_host_address(const Cidr& subnet, Ipv4 ip) {
  return subnet.contains(ip) && ip != subnet.address && ip != subnet.broadcast();
}

}  // namespace

sys::Result<Ipv4> default_gateway(const Cidr& subnet) {
  if (subnet.prefix > 30)
    return sys::Error::invalid("choose gateway", subnet.str(), "the subnet is too small (the prefix must be /30 or shorter)");
  return Ipv4{subnet.address.value + 1};
}

sys::Status check_gateway(const Cidr& subnet, Ipv4 gateway) {
  if (!is_host_address(subnet, gateway))
    return sys::Error::invalid("check gateway", gateway.str(), "not a host address of subnet " + subnet.str());
  return sys::ok();
}

sys::Result<Ipv4> allocate_address(const AddressSpace& space, std::optional<Ipv4> requested) {
  const Cidr& subnet = space.subnet;
  auto taken = [&](Ipv4 ip) { return ip == space.gateway || space.leased.contains(ip); };
  if (requested) {
    if (!is_host_address(subnet, *requested))
      return sys::Error::invalid("allocate address", requested->str(), "not a host address of subnet " + subnet.str());
    if (taken(*requested))
      return sys::Error::invalid("allocate address", requested->str(), "address already in use");
    return *requested;
  }
  uint32_t first = subnet.address.value + 1;
  uint32_t last = subnet.broadcast().value - 1;
  if (subnet.prefix > 30) return sys::Error::invalid("allocate address", subnet.str(), "the subnet has no host addresses");
  uint32_t start = space.last && is_host_address(subnet, *space.last) ? space.last->value + 1 : first;
  uint64_t hosts = uint64_t{last} - first + 1;
  for (uint64_t i = 0; i < hosts; ++i) {
    uint32_t v = start + static_cast<uint32_t>(i);
    if (v > last) v = first + (v - last - 1);
    if (!taken(Ipv4{v})) return Ipv4{v};
  }
  return sys::Error::invalid("allocate address", subnet.str(), "no free address left in the subnet");
}

}  // namespace mocker::engine::network
