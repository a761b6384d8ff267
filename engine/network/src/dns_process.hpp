#pragma once
// Starting and stopping a network's mocker-dns process.
#include <mocker/network/network.hpp>

#include <string>
#include <vector>

namespace mocker::engine::network {

struct DnsLaunch {
  std::string binary;
  std::string state_dir;   // the records directory it answers from
  std::string network_id;
  Ipv4 listen;
  uint16_t port = 53;
  std::vector<std::string> upstreams;
  std::string log_path;    // its stderr
};

// Starts the server in a session of its own (it outlives the caller) and
// returns once it listens, or with the error it reported.
sys::Result<DnsProcess> start_dns_server(const DnsLaunch& launch);
bool dns_server_alive(const DnsProcess& p);
// Stops it (SIGTERM, then SIGKILL) and waits until it is gone; one that is
// already gone is fine.
sys::Status stop_dns_server(const DnsProcess& p);

// mocker-dns processes serving `state_dir`, with the network each serves.
struct RunningDns {
  DnsProcess process;
  std::string network_id;
};
std::vector<RunningDns> dns_servers_of(const std::string& state_dir);

// The nameservers of the host's /etc/resolv.conf, each as "IP".
std::vector<std::string> host_nameservers(const std::string& resolv_conf = "/etc/resolv.conf");

}  // namespace mocker::engine::network
