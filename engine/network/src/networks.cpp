// Networks: records, bridges and the per-network DNS server.
#include <mocker/network/ipam.hpp>
#include <mocker/network/network.hpp>
#include <mocker/sys/process.hpp>

#include "bridge.hpp"
#include "dns_process.hpp"
#include "naming.hpp"
#include "records.hpp"
#include "route.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace mocker::engine::network {

namespace {

sys::Error no_such_network(const std::string& name_or_id) {
  return sys::Error::invalid("find network", name_or_id, "no such network");
}

// Subnets a new network must not overlap: other networks, and the host's
// routes unless the user chose the subnet (as Docker, we then trust them).
sys::Result<Cidr> pick_subnet(const NetworkSpec& spec, const std::vector<Network>& existing,
                              const NetworkConfig& config, bool is_default) {
  if (spec.subnet) {
    Cidr wanted = MOCKER_TRY(Cidr::parse(*spec.subnet));
    for (const auto& n : existing)
      if (n.subnet.overlaps(wanted))
        return sys::Error::invalid("choose subnet", wanted.str(),
                                   "overlaps network " + n.name + " (" + n.subnet.str() + ")");
    return wanted;
  }
  std::vector<Cidr> taken;
  for (const auto& n : existing) taken.push_back(n.subnet);
  nl::Socket sock = MOCKER_TRY(nl::open_socket());
  for (const auto& r : MOCKER_TRY(host_routes(sock.get()))) taken.push_back(r);
  if (is_default && std::none_of(taken.begin(), taken.end(), [&](const Cidr& t) { return t.overlaps(config.default_subnet); }))
    return config.default_subnet;
  if (!is_default) taken.push_back(config.default_subnet);
  return choose_subnet(config.pools, taken);
}

}  // namespace

sys::Result<std::string> locate_dns_server() { return sys::locate_companion("mocker-dns", "MOCKER_DNS"); }

sys::Result<Networks> Networks::open(state::Records records, NetworkConfig config) {
  return Networks(std::move(records), std::move(config));
}

// One lock for every change to networks, leases, ports and our nft table,
// separate from the records store's own lock so a caller holding that one
// can still call in.
sys::Result<sys::FileLock> Networks::lock() const {
  return sys::FileLock::acquire(records_.dir() + "/network.lock");
}

sys::Result<Network> Networks::find(const std::string& name_or_id) const {
  std::vector<Network> all = MOCKER_TRY(read_networks(records_));
  for (const auto& n : all)
    if (n.name == name_or_id || n.id == name_or_id) return n;
  std::vector<const Network*> matches;
  for (const auto& n : all)
    if (!name_or_id.empty() && n.id.starts_with(name_or_id)) matches.push_back(&n);
  if (matches.size() == 1) return *matches.front();
  if (matches.size() > 1) return sys::Error::invalid("find network", name_or_id, "the id prefix matches several networks");
  return no_such_network(name_or_id);
}

sys::Result<Network> Networks::get(const std::string& name_or_id) const { return find(name_or_id); }

sys::Result<std::vector<Network>> Networks::list() const { return read_networks(records_); }

sys::Result<Network> Networks::create(const NetworkSpec& spec) {
  auto held = MOCKER_TRY(lock());
  return std::move(create_locked(spec, false)).context("create network " + spec.name);
}

sys::Result<Network> Networks::ensure_default() {
  auto held = MOCKER_TRY(lock());
  auto found = find(kDefaultNetworkName);
  if (found) return found;
  NetworkSpec spec;
  spec.name = kDefaultNetworkName;
  return std::move(create_locked(spec, true)).context("create network " + spec.name);
}

sys::Result<Network> Networks::create_locked(const NetworkSpec& spec, bool is_default) {
  MOCKER_TRY(check_network_name(spec.name));
  std::vector<Network> existing = MOCKER_TRY(read_networks(records_));
  for (const auto& n : existing)
    if (n.name == spec.name) return sys::Error::invalid("check name", "", "a network with this name exists");

  Network net;
  net.name = spec.name;
  net.subnet = MOCKER_TRY(pick_subnet(spec, existing, config_, is_default));
  net.gateway = spec.gateway ? MOCKER_TRY(Ipv4::parse(*spec.gateway)) : MOCKER_TRY(default_gateway(net.subnet));
  MOCKER_TRY(check_gateway(net.subnet, net.gateway));
  net.id = MOCKER_TRY(random_id());
  net.bridge = bridge_name(net.id);
  net.internal = spec.internal;
  net.labels = spec.labels;
  net.created = now_rfc3339();

  // Recorded first: whatever follows, remove and cleanup know the bridge.
  MOCKER_TRY(records_.write(kNetworksKind, net.id, to_json(net)));
  auto made = [&]() -> sys::Status {
    nl::Socket sock = MOCKER_TRY(nl::open_socket());
    MOCKER_TRY(create_bridge(sock.get(), net.bridge, net.gateway, net.subnet.prefix));
    MOCKER_TRY(sync_rules());
    return start_dns(net);
  }();
  if (!made) {
    sys::Error e = std::move(made).error();
    // A bridge name that was taken is not ours to delete.
    if (e.err == EEXIST) net.bridge.clear();
    if (auto undone = teardown(net); !undone) e = std::move(e).with_note("cleanup: " + undone.error().render());
    return e;
  }
  return net;
}

sys::Status Networks::start_dns(Network& net) {
  if (config_.dns_binary.empty()) return sys::ok();
  DnsLaunch launch;
  launch.binary = config_.dns_binary;
  launch.state_dir = records_.dir();
  launch.network_id = net.id;
  launch.listen = net.gateway;
  launch.port = config_.dns_port;
  launch.upstreams = config_.dns_upstreams ? *config_.dns_upstreams : host_nameservers();
  launch.log_path = records_.dir() + "/dns-" + net.id.substr(0, 12) + ".log";
  net.dns = MOCKER_TRY(start_dns_server(launch));
  if (auto saved = records_.write(kNetworksKind, net.id, to_json(net)); !saved) {
    (void)stop_dns_server(*net.dns);
    return saved;
  }
  return sys::ok();
}

// Brings a recorded network's kernel side back after a reboot (or a crash):
// the bridge, our rules, the DNS server.
sys::Status Networks::ensure_up(Network& net) {
  nl::Socket sock = MOCKER_TRY(nl::open_socket());
  MOCKER_TRY(ensure_bridge(sock.get(), net.bridge, net.gateway, net.subnet.prefix));
  MOCKER_TRY(sync_rules());
  if (!config_.dns_binary.empty() && !(net.dns && dns_server_alive(*net.dns))) return start_dns(net);
  return sys::ok();
}

// Undoes a network in the reverse order of making it; the record goes last,
// so an interrupted removal can simply be run again.
sys::Status Networks::teardown(const Network& net) {
  if (net.dns) MOCKER_TRY(stop_dns_server(*net.dns));
  if (!net.bridge.empty()) {
    nl::Socket sock = MOCKER_TRY(nl::open_socket());
    MOCKER_TRY(nl::delete_link(sock.get(), net.bridge));
  }
  MOCKER_TRY(sync_rules(net.id));
  ::unlink((records_.dir() + "/dns-" + net.id.substr(0, 12) + ".log").c_str());
  MOCKER_TRY(records_.remove(kEndpointsKind, net.id));
  return records_.remove(kNetworksKind, net.id);
}

sys::Status Networks::remove(const std::string& name_or_id) {
  auto held = MOCKER_TRY(lock());
  Network net = MOCKER_TRY(std::move(find(name_or_id)).context("remove network " + name_or_id));
  Leases leases = MOCKER_TRY(read_leases(records_, net.id));
  if (!leases.endpoints.empty()) {
    std::string who;
    for (const auto& e : leases.endpoints)
      who += (who.empty() ? "" : ", ") + (e.container_name.empty() ? e.container_id.substr(0, 12) : e.container_name);
    return sys::Error::invalid("remove network", net.name,
                               "network " + net.name + " has active endpoints (containers, running or stopped: " + who +
                                   "); remove them or disconnect them first");
  }
  return std::move(teardown(net)).context("remove network " + net.name);
}

}  // namespace mocker::engine::network
