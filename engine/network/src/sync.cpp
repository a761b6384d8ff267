// Our nft table and IPv4 forwarding, derived from the records each time.
#include <mocker/network/docker_user.hpp>
#include <mocker/network/network.hpp>
#include <mocker/network/nft_rules.hpp>

#include "nft.hpp"
#include "records.hpp"
#include "sysctl.hpp"

namespace mocker::engine::network {

namespace {

constexpr const char* kForwardKey = "net/ipv4/ip_forward";
constexpr const char* kForwardRecord = "ip_forward";

// Forwarding is on while a network needs a way out. We turn it off again
// only if we were the ones who turned it on.
sys::Status sync_forwarding(const state::Records& records, bool needed) {
  auto mine = MOCKER_TRY(records.read(kHostKind, kForwardRecord));
  if (needed) {
    std::string now = MOCKER_TRY(read_sysctl(kForwardKey));
    if (now == "1") return sys::ok();
    if (!mine) MOCKER_TRY(records.write(kHostKind, kForwardRecord, Json{{"changed_from", "0"}}));
    return write_sysctl(kForwardKey, "1");
  }
  if (!mine) return sys::ok();
  MOCKER_TRY(write_sysctl(kForwardKey, "0"));
  return records.remove(kHostKind, kForwardRecord);
}

}  // namespace

sys::Status Networks::sync_rules(const std::string& excluded_network) {
  std::vector<NetworkRules> networks;
  bool forwarding = false;
  for (const auto& n : MOCKER_TRY(read_networks(records_))) {
    if (n.id == excluded_network) continue;
    networks.push_back({n.id, n.bridge, n.subnet, n.internal});
    forwarding = forwarding || !n.internal;
  }
  std::vector<PortRules> ports;
  for (auto& p : MOCKER_TRY(read_all_ports(records_))) ports.push_back({p.container_id, std::move(p.ports)});
  MOCKER_TRY(apply_nft(render_ruleset(networks, ports)));
  MOCKER_TRY(sync_docker_user(!networks.empty()));
  return sync_forwarding(records_, forwarding);
}

}  // namespace mocker::engine::network
