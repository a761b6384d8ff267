#pragma once
// Addresses and routes.
#include "netlink.hpp"

#include <vector>

namespace mocker::engine::network {

// ip/prefix with its broadcast address on the link.
sys::Status add_address(nl_sock* sock, int ifindex, Ipv4 ip, int prefix);
sys::Status add_default_route(nl_sock* sock, int ifindex, Ipv4 gateway);
// The destinations of the main table's IPv4 routes, default routes left out:
// a new network's subnet must not shadow any of them.
sys::Result<std::vector<Cidr>> host_routes(nl_sock* sock);

}  // namespace mocker::engine::network
