#pragma once
// A container's place on a network: what attach made and recorded.
#include <mocker/network/address.hpp>

#include <string>
#include <vector>

namespace mocker::engine::network {

struct Endpoint {
  std::string network_id;
  std::string network_name;
  std::string container_id;
  std::string container_name;  // resolvable by peers, with the aliases
  std::vector<std::string> aliases;
  Ipv4 ip;
  int prefix = 0;
  Ipv4 gateway;
  bool internal = false;  // no route out of the subnet
  std::string mac;
  std::string host_veth;  // host end of the veth pair, a port of the bridge
  std::string ifname;     // the peer's name inside the container
  // Plumbed (veth, address) while the container runs. A stopped container
  // keeps its lease, and so its address, until it is removed; peers and the
  // DNS server see active endpoints only.
  bool active = true;
};

// The endpoints of one network, as its lease record holds them.
struct NetworkEndpoints {
  std::string network_id;
  std::vector<Endpoint> endpoints;
};

}  // namespace mocker::engine::network
