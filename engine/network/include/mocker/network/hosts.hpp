#pragma once
// What a container's /etc/hosts and /etc/resolv.conf say. Pure functions: the
// facade writes the files.
#include <mocker/network/endpoint.hpp>

#include <string>
#include <vector>

namespace mocker::engine::network {

// One hosts line: an address and the names that resolve to it.
struct Peer {
  std::string ip;
  std::vector<std::string> names;  // container name first, then its aliases

  bool operator==(const Peer&) const = default;
};

// The peers a container sees: every other endpoint on each network it is
// attached to, in the order of `networks` and, within one, by address. Several
// containers under one alias are all listed.
std::vector<Peer> peers_of(const std::string& container_id, const std::vector<NetworkEndpoints>& networks);

// localhost lines, the container's own addresses under its hostname (IPv4
// loopback when it has none), then the peers.
std::string render_hosts(const std::string& hostname, const std::vector<std::string>& own_ips,
                         const std::vector<Peer>& peers);

std::string render_resolv_conf(const std::vector<std::string>& nameservers,
                               const std::vector<std::string>& search,
                               const std::vector<std::string>& options);

}  // namespace mocker::engine::network
