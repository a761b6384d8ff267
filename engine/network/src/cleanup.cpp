// Recovery: remove what belongs to containers that are gone, and kernel
// objects of ours that no record names (left by a crash).
#include <mocker/network/network.hpp>

#include "dns_process.hpp"
#include "naming.hpp"
#include "netlink.hpp"
#include "records.hpp"

#include <set>

namespace mocker::engine::network {

namespace {

void keep_first(std::optional<sys::Error>& first, sys::Status s) {
  if (s) return;
  if (!first) first = std::move(s).error();
  else first = std::move(*first).with_note(s.error().render());
}

}  // namespace

sys::Status Networks::cleanup_orphans(const std::set<std::string>& alive, const std::set<std::string>& known) {
  auto held = MOCKER_TRY(lock());
  std::optional<sys::Error> first;
  std::vector<Network> networks = MOCKER_TRY(read_networks(records_));
  std::set<std::string> bridges, veths, network_ids;
  for (const auto& net : networks) {
    bridges.insert(net.bridge);
    network_ids.insert(net.id);
    for (const auto& e : MOCKER_TRY(read_leases(records_, net.id)).endpoints) {
      const std::string who = e.container_id.substr(0, 12);
      if (alive.contains(e.container_id)) veths.insert(e.host_veth);
      else if (known.contains(e.container_id)) keep_first(first, std::move(deactivate_locked(net, e.container_id)).context("deactivate " + who));
      else keep_first(first, std::move(detach_locked(net, e.container_id)).context("detach " + who));
    }
  }
  for (const auto& c : MOCKER_TRY(read_all_ports(records_)))
    if (!alive.contains(c.container_id)) keep_first(first, write_ports(records_, c.container_id, {}));

  nl::Socket sock = MOCKER_TRY(nl::open_socket());
  for (const auto& name : MOCKER_TRY(nl::link_names(sock.get()))) {
    bool stray_veth = name.starts_with(kVethPrefix) && !veths.contains(name);
    bool stray_bridge = name.starts_with(kBridgePrefix) && !bridges.contains(name);
    if (stray_veth || stray_bridge) keep_first(first, nl::delete_link(sock.get(), name));
  }
  for (const auto& running : dns_servers_of(records_.dir())) {
    bool recorded = false;
    for (const auto& net : networks)
      recorded = recorded || (net.id == running.network_id && net.dns && net.dns->pid == running.process.pid);
    if (!recorded) keep_first(first, stop_dns_server(running.process));
  }
  keep_first(first, sync_rules());
  if (first) return std::move(*first).wrap("clean up networks");
  return sys::ok();
}

}  // namespace mocker::engine::network
