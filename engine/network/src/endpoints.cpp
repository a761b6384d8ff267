// Attaching containers to networks: lease, veth pair, address and route.
#include <mocker/network/ipam.hpp>
#include <mocker/network/network.hpp>

#include <mocker/sys/fd.hpp>

#include "naming.hpp"
#include "records.hpp"
#include "route.hpp"
#include "veth.hpp"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <set>

namespace mocker::engine::network {

namespace {

// The container's end: created inside its namespace, then addressed, up, and
// routed through the gateway unless the network is internal.
// A container on several networks keeps the default route of the first.
sys::Status plumb(const Endpoint& e, const Network& net, nl_sock* inside, const std::string& netns_path,
                  bool& veth_made) {
  nl::Socket host = MOCKER_TRY(nl::open_socket());
  sys::Fd netns = MOCKER_TRY(sys::open_file(netns_path, O_RDONLY));
  VethPlan plan;
  plan.host_name = e.host_veth;
  plan.bridge_index = MOCKER_TRY(nl::link_index(host.get(), net.bridge));
  plan.peer_name = e.ifname;
  plan.mac = e.mac;
  plan.netns_fd = netns.get();
  MOCKER_TRY(create_veth(host.get(), plan));
  veth_made = true;
  int index = MOCKER_TRY(nl::link_index(inside, e.ifname));
  MOCKER_TRY(add_address(inside, index, e.ip, e.prefix));
  MOCKER_TRY(nl::set_link_up(inside, e.ifname));
  if (net.internal) return sys::ok();
  auto routed = add_default_route(inside, index, net.gateway);
  if (!routed && routed.error().err != EEXIST) return routed;
  return sys::ok();
}

std::vector<Endpoint>::iterator find_endpoint(Leases& leases, const std::string& container_id) {
  return std::find_if(leases.endpoints.begin(), leases.endpoints.end(),
                      [&](const Endpoint& e) { return e.container_id == container_id; });
}

}  // namespace

// The container's lease on net: the one it holds (kept while it was stopped),
// else a new address. Not yet written.
sys::Result<Endpoint> Networks::lease_for(const Attachment& a, const Network& net, Leases& leases) {
  auto held = find_endpoint(leases, a.container_id);
  std::optional<Ipv4> requested;
  if (a.ip) requested = MOCKER_TRY(Ipv4::parse(*a.ip));
  Endpoint e;
  if (held != leases.endpoints.end() && (!requested || *requested == held->ip)) {
    e = *held;
    leases.endpoints.erase(held);
  } else {
    if (held != leases.endpoints.end()) leases.endpoints.erase(held);  // the fixed address changed
    std::set<Ipv4> leased;
    for (const auto& other : leases.endpoints) leased.insert(other.ip);
    e.ip = MOCKER_TRY(allocate_address(AddressSpace{net.subnet, net.gateway, leased, leases.last}, requested));
    leases.last = e.ip;
  }
  e.mac = a.mac ? *a.mac : mac_for(e.ip);
  MOCKER_TRY(check_mac(e.mac));
  e.network_id = net.id;
  e.network_name = net.name;
  e.container_id = a.container_id;
  e.container_name = a.container_name;
  e.aliases = a.aliases;
  e.prefix = net.subnet.prefix;
  e.gateway = net.gateway;
  e.internal = net.internal;
  e.host_veth = veth_name(a.container_id, net.id);
  return e;
}

sys::Result<Endpoint> Networks::reserve(const Attachment& a) {
  auto held = MOCKER_TRY(lock());
  const std::string what = "reserve an address for " + a.container_id.substr(0, 12) + " on network " + a.network;
  auto reserved = [&]() -> sys::Result<Endpoint> {
    MOCKER_TRY(check_container_id(a.container_id));
    Network net = MOCKER_TRY(find(a.network));
    Leases leases = MOCKER_TRY(read_leases(records_, net.id));
    Endpoint e = MOCKER_TRY(lease_for(a, net, leases));
    e.active = false;
    e.ifname.clear();
    leases.endpoints.push_back(e);
    MOCKER_TRY(write_leases(records_, leases));
    return e;
  }();
  return std::move(reserved).context(what);
}

sys::Result<Endpoint> Networks::attach(const Attachment& a) {
  auto held = MOCKER_TRY(lock());
  const std::string what = "attach " + a.container_id.substr(0, 12) + " to network " + a.network;
  auto attached = [&]() -> sys::Result<Endpoint> {
    MOCKER_TRY(check_container_id(a.container_id));
    Network net = MOCKER_TRY(find(a.network));
    Leases leases = MOCKER_TRY(read_leases(records_, net.id));
    nl::Socket inside = MOCKER_TRY(nl::open_socket_in(a.netns_path));
    Leases before = leases;
    Endpoint e = MOCKER_TRY(lease_for(a, net, leases));
    e.ifname = a.ifname.empty() ? MOCKER_TRY(free_ifname(inside.get())) : a.ifname;
    e.active = true;

    MOCKER_TRY(ensure_up(net));
    // A veth of an earlier run that nobody deleted (a crash) would be in the way.
    {
      nl::Socket sock = MOCKER_TRY(nl::open_socket());
      MOCKER_TRY(nl::delete_link(sock.get(), e.host_veth));
    }
    // The lease (naming the veth) is recorded before the veth exists.
    leases.endpoints.push_back(e);
    MOCKER_TRY(write_leases(records_, leases));
    bool veth_made = false;
    if (auto made = plumb(e, net, inside.get(), a.netns_path, veth_made); !made) {
      sys::Error err = std::move(made).error();
      // A link that was there already (the name was taken) is not ours to
      // delete; the lease goes back to what it was (kept, or none).
      auto undone = [&]() -> sys::Status {
        if (veth_made) {
          nl::Socket sock = MOCKER_TRY(nl::open_socket());
          MOCKER_TRY(nl::delete_link(sock.get(), e.host_veth));
        }
        return write_leases(records_, before);
      }();
      if (!undone) err = std::move(err).with_note("cleanup: " + undone.error().render());
      return err;
    }
    return e;
  }();
  return std::move(attached).context(what);
}

sys::Status Networks::detach(const std::string& network, const std::string& container_id) {
  auto held = MOCKER_TRY(lock());
  const std::string what = "detach " + container_id.substr(0, 12) + " from network " + network;
  Network net = MOCKER_TRY(std::move(find(network)).context(what));
  Leases leases = MOCKER_TRY(std::move(read_leases(records_, net.id)).context(what));
  if (find_endpoint(leases, container_id) == leases.endpoints.end())
    return sys::Error::invalid("detach", container_id.substr(0, 12), "not attached to network " + net.name);
  return std::move(detach_locked(net, container_id)).context(what);
}

// Deleting the host end destroys the pair; when the namespace went first,
// the kernel already destroyed it and there is nothing left to delete.
sys::Status Networks::detach_locked(const Network& net, const std::string& container_id) {
  Leases leases = MOCKER_TRY(read_leases(records_, net.id));
  auto it = find_endpoint(leases, container_id);
  if (it == leases.endpoints.end()) return sys::ok();
  if (!it->host_veth.empty()) {
    nl::Socket sock = MOCKER_TRY(nl::open_socket());
    MOCKER_TRY(nl::delete_link(sock.get(), it->host_veth));
  }
  leases.endpoints.erase(it);
  return write_leases(records_, leases);
}

// The container stopped: its veth goes (with its namespace, usually, so there
// is nothing left to delete), its lease stays, no longer active.
sys::Status Networks::deactivate_locked(const Network& net, const std::string& container_id) {
  Leases leases = MOCKER_TRY(read_leases(records_, net.id));
  auto it = find_endpoint(leases, container_id);
  if (it == leases.endpoints.end() || !it->active) return sys::ok();
  if (!it->host_veth.empty()) {
    nl::Socket sock = MOCKER_TRY(nl::open_socket());
    MOCKER_TRY(nl::delete_link(sock.get(), it->host_veth));
  }
  it->active = false;
  it->ifname.clear();
  return write_leases(records_, leases);
}

sys::Result<std::vector<Endpoint>> Networks::endpoints(const std::string& network) const {
  Network net = MOCKER_TRY(find(network));
  return MOCKER_TRY(read_leases(records_, net.id)).endpoints;
}

sys::Result<std::vector<Peer>> Networks::peers(const std::string& container_id) const {
  return peers_of(container_id, active_only(MOCKER_TRY(read_all_endpoints(records_))));
}

}  // namespace mocker::engine::network
