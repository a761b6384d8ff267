#pragma once
// The network module's records and their JSON form. Reading never throws: a
// field of the wrong type reads as empty, and a record that does not make
// sense is reported with its kind and id.
#include <mocker/network/network.hpp>

namespace mocker::engine::network {

inline constexpr const char* kNetworksKind = "networks";
inline constexpr const char* kEndpointsKind = "endpoints";  // the leases of one network, by network id
inline constexpr const char* kPortsKind = "ports";          // published ports, by container id
inline constexpr const char* kHostKind = "network-host";    // host settings we changed

using state::Json;

Json to_json(const Network& n);
sys::Result<Network> network_from_json(const Json& j);

Json to_json(const Endpoint& e);
sys::Result<Endpoint> endpoint_from_json(const Json& j);

// The lease record of a network: its endpoints and the address leased last.
struct Leases {
  std::string network_id;
  std::optional<Ipv4> last;
  std::vector<Endpoint> endpoints;
};
Json to_json(const Leases& l);
sys::Result<Leases> leases_from_json(const Json& j);

Json to_json(const std::vector<PortMapping>& ports);
sys::Result<std::vector<PortMapping>> ports_from_json(const Json& j);

// Reading and writing them through the records store.
sys::Result<std::vector<Network>> read_networks(const state::Records& records);
// A network without a lease record has no endpoints.
sys::Result<Leases> read_leases(const state::Records& records, const std::string& network_id);
sys::Status write_leases(const state::Records& records, const Leases& leases);
// The endpoints of every network, leases of stopped containers included.
sys::Result<std::vector<NetworkEndpoints>> read_all_endpoints(const state::Records& records);
// Those of running containers: what peers and the DNS server see.
std::vector<NetworkEndpoints> active_only(std::vector<NetworkEndpoints> networks);

struct ContainerPorts {
  std::string container_id;
  std::vector<PortMapping> ports;
};
sys::Result<std::vector<ContainerPorts>> read_all_ports(const state::Records& records);
sys::Result<std::vector<PortMapping>> read_ports(const state::Records& records, const std::string& container_id);
// An empty list removes the record.
sys::Status write_ports(const state::Records& records, const std::string& container_id,
                        const std::vector<PortMapping>& ports);

}  // namespace mocker::engine::network
