#pragma once
// Checking what the user asked of the network before anything is recorded.
#include <mocker/container/container.hpp>
#include <mocker/network/network.hpp>

namespace mocker::engine::container {

// Docker's conflicts (no published ports, aliases or own DNS when sharing
// another container's namespace, ...) and the syntax of every value.
sys::Status validate_network(const NetworkSettings& n, const std::string& hostname);

// The -p specs, each aimed at container_ip.
sys::Result<std::vector<network::PortMapping>> port_mappings(const std::vector<std::string>& specs,
                                                             network::Ipv4 container_ip);

}  // namespace mocker::engine::container

namespace mocker::engine::container {

// By name or id; "bridge" is the default network, made on first use.
sys::Result<network::Network> find_network(network::Networks& networks, const std::string& name);

// What the network module needs to attach c, whose init is init_pid, as r asks.
network::Attachment attachment_for(const Container& c, const NetworkRequest& r, pid_t init_pid);

// The syntax of one request (--ip, --mac-address).
sys::Status check_request(const NetworkRequest& r);

}  // namespace mocker::engine::container
