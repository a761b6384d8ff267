#pragma once
// The veth pair of an endpoint: one end a port of the bridge, the other the
// container's interface inside its network namespace.
#include "netlink.hpp"

namespace mocker::engine::network {

struct VethPlan {
  std::string host_name;  // on the host, a port of the bridge
  int bridge_index = 0;
  std::string peer_name;  // inside the namespace
  std::string mac;        // of the peer
  int netns_fd = -1;      // where the peer is created
};

// Creates both ends at once, the peer directly inside the namespace (so it
// never appears on the host under a name that could clash), the host end
// enslaved to the bridge and up.
sys::Status create_veth(nl_sock* host, const VethPlan& plan);

// The first "ethN" not used inside the namespace.
sys::Result<std::string> free_ifname(nl_sock* netns);

}  // namespace mocker::engine::network
