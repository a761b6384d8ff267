#pragma once
// Published ports: a host address and port forwarded to a container's.
#include <mocker/network/address.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::network {

enum class Protocol { tcp, udp };
std::string protocol_name(Protocol p);

struct PortMapping {
  Ipv4 host_ip;                 // 0.0.0.0: every local address, 127.0.0.1 included
  uint16_t host_port = 0;       // 0: any free port
  uint16_t host_port_last = 0;  // > host_port: any free port of [host_port, host_port_last]
  Ipv4 container_ip;
  uint16_t container_port = 0;
  Protocol protocol = Protocol::tcp;

  bool operator==(const PortMapping&) const = default;
};

// Docker's -p syntax: [IP:][HOST[-HOST]:]CONTAINER[-CONTAINER][/tcp|/udp].
// "8000-8001:80-81" gives two mappings; "8000-8010:80" one mapping that takes
// any free port of the range; "80" one that takes any free port. The
// container IP is left for the caller to fill in.
sys::Result<std::vector<PortMapping>> parse_port_spec(std::string_view spec);

// "127.0.0.1:18080/tcp", as errors and listings name a host port.
std::string host_side(const PortMapping& m);
// Two mappings want the same host port: same protocol and port, and the same
// host address or either one on every address.
bool same_host_port(const PortMapping& a, const PortMapping& b);

}  // namespace mocker::engine::network
