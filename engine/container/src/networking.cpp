// A container's networks at create and start: which networks (by id) it
// joins, the namespace it shares, endpoints and published ports made in the
// runtime's `placed` hook, and the hosts and resolv.conf files that follow.
#include <mocker/container/containers.hpp>

#include "etc_files.hpp"
#include "network_settings.hpp"

#include <mocker/sys/fd.hpp>

#include <set>

namespace mocker::engine::container {

namespace {

std::string netns_of(pid_t pid) { return "/proc/" + std::to_string(pid) + "/ns/net"; }

sys::Status copy_file(const std::string& from, const std::string& to) {
  std::string text = MOCKER_TRY(sys::read_file(from));
  return sys::write_file_atomic(to, text, 0644, sys::Durability::atomic);
}

}  // namespace

network::Attachment attachment_for(const Container& c, const NetworkRequest& r, pid_t init_pid) {
  network::Attachment a;
  a.network = r.network;
  a.container_id = c.id;
  a.container_name = c.name;
  a.netns_path = netns_of(init_pid);
  a.ifname.clear();  // eth0 for the first network, then the next free ethN
  if (!r.ip.empty()) a.ip = r.ip;
  if (!r.mac.empty()) a.mac = r.mac;
  a.aliases = r.aliases;
  return a;
}

// The default network is made on first use, as Docker's "bridge" always exists.
sys::Result<network::Network> find_network(network::Networks& networks, const std::string& name) {
  if (name == network::kDefaultNetworkName) return networks.ensure_default();
  return networks.get(name);
}

// At create (after the record): one lease per network, so the container has
// its addresses from now until rm, and a fixed --ip that is taken fails here.
sys::Status Containers::reserve_addresses(const Container& c) {
  if (c.network.kind != NetworkKind::bridge) return sys::ok();
  for (const auto& r : c.network.networks) MOCKER_TRY(networks_.reserve(attachment_for(c, r, 0)));
  return sys::ok();
}

sys::Status Containers::resolve_network(NetworkSettings& n, const std::string& id) {
  if (n.kind == NetworkKind::bridge) {
    if (n.networks.empty()) n.networks.push_back({network::kDefaultNetworkName, "", {}, "", ""});
    std::set<std::string> seen;
    for (auto& r : n.networks) {
      network::Network net = MOCKER_TRY(find_network(networks_, r.network));
      if (!seen.insert(net.id).second) return sys::Error::invalid("create container", net.name, "network given twice");
      r.network = net.id;
      r.name = net.name;
    }
  }
  if (n.kind == NetworkKind::container) {
    Container parent = MOCKER_TRY(std::move(get(n.container)).context("--network container:" + n.container));
    if (parent.id == id) return sys::Error::invalid("create container", n.container, "cannot share its own network");
    n.container = parent.id;
  }
  return sys::ok();
}

// A sharer joins its parent's namespace, which exists only while the parent
// runs; it sees the parent's hosts and resolv.conf (Docker shares them).
sys::Status Containers::join_parent(Container& c) {
  auto parent = get(c.network.container);
  if (!parent)
    return sys::Error::invalid("join network of", c.network.container.substr(0, 12), "container (network parent) no longer exists");
  if (parent->state.status != Status::running)
    return sys::Error::invalid("join network of", parent->name, "container " + parent->name + " (network parent) is not running");
  c.spec.network = runtime::NetworkMode::join;
  c.spec.netns_path = netns_of(parent->state.pid);
  for (const char* name : {"hosts", "resolv.conf"})
    MOCKER_TRY(copy_file(parent->resources.dir + "/" + name, c.resources.dir + "/" + name));
  return sys::ok();
}

// Runs in the `placed` hook: init is in its namespaces and waits, so ports are
// published before the workload exists. Undone by the caller on failure.
// Addresses are the container's leases, taken at create and kept until rm.
sys::Status Containers::plumb_network(const Container& c, pid_t init_pid) {
  if (c.network.kind != NetworkKind::bridge) return sys::ok();
  // What an earlier run left active (it died, and no command has noticed
  // yet) goes first; its leases stay for this run.
  MOCKER_TRY(networks_.deactivate(c.id));
  std::vector<network::Endpoint> own;
  for (const auto& r : c.network.networks) {
    // The network may have been removed since create: say which, keep why.
    if (auto net = networks_.get(r.network); !net) return std::move(net).error().wrap("join network " + r.name);
    own.push_back(MOCKER_TRY(networks_.attach(attachment_for(c, r, init_pid))));
  }
  if (!c.network.publish.empty()) {
    if (own.empty()) return sys::Error::invalid("publish", c.network.publish.front(), "the container is on no network");
    MOCKER_TRY(networks_.publish(c.id, MOCKER_TRY(port_mappings(c.network.publish, own.front().ip))));
  }
  return write_network_files(c, own, false);
}

// With our DNS server as its nameserver, the hosts file holds the container
// itself only, so a stale line never shadows a current answer; without one
// (--dns, or no mocker-dns), peers as they are now are listed too.
sys::Status Containers::write_network_files(const Container& c, const std::vector<network::Endpoint>& own,
                                            bool in_place) {
  EtcFacts facts;
  facts.hostname = c.spec.hostname;
  facts.name = c.name;
  facts.own = own;
  read_host_files(facts);
  if (!own.empty()) {
    auto first = networks_.get(own.front().network_id);
    if (first && first->dns) facts.dns_server = first->gateway;
  }
  if (!c.network.dns.empty() || !facts.dns_server) facts.peers = MOCKER_TRY(networks_.peers(c.id));
  return write_etc_files(c.resources.dir, render_etc_files(c.network, facts), in_place);
}

}  // namespace mocker::engine::container
