#pragma once
// Container networks: a Linux bridge per network, a veth pair per attached
// container, file-backed IPAM, NAT and published ports in one nftables table
// of ours, and an optional DNS server per network. Every kernel object is
// recorded before it is made, so remove, detach and cleanup_orphans remove
// exactly what exists, after a crash too.
#include <mocker/network/address.hpp>
#include <mocker/network/endpoint.hpp>
#include <mocker/network/hosts.hpp>
#include <mocker/network/pool.hpp>
#include <mocker/network/ports.hpp>
#include <mocker/state/records.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mocker::engine::network {

inline constexpr const char* kDefaultNetworkName = "bridge";

struct Leases;  // the lease record of one network

struct NetworkSpec {
  std::string name;
  std::optional<std::string> subnet;   // CIDR; empty: the first free subnet of the pools
  std::optional<std::string> gateway;  // empty: the subnet's first host address
  bool internal = false;               // no route out of the subnet, no NAT, no published ports
  state::Labels labels;
};

// A running DNS server process, told apart from a later process with the same
// pid by its start time.
struct DnsProcess {
  pid_t pid = 0;
  uint64_t start_ticks = 0;
};

struct Network {
  std::string id;      // 64 hex digits
  std::string name;
  std::string bridge;  // "mkr-" + the id's first 8 digits
  Cidr subnet;
  Ipv4 gateway;
  bool internal = false;
  state::Labels labels;
  std::string created;  // RFC 3339
  std::optional<DnsProcess> dns;
};

struct Attachment {
  std::string network;           // name or id (prefix)
  std::string container_id;
  std::string container_name;    // resolvable by peers
  std::string netns_path;        // e.g. /proc/PID/ns/net
  std::string ifname = "eth0";   // empty: the first ethN free in the namespace
  std::optional<std::string> ip;   // a fixed address; error if taken or outside the subnet
  std::optional<std::string> mac;  // else derived from the IP
  std::vector<std::string> aliases;
};

struct NetworkConfig {
  std::vector<SubnetPool> pools = default_subnet_pools();
  Cidr default_subnet = kDefaultSubnet;  // tried first for the default network, kept free for it
  // mocker-dns to start per network; empty: no DNS servers (hosts files only).
  std::string dns_binary;
  uint16_t dns_port = 53;
  // Where mocker-dns forwards names it does not know ("IP" or "IP:PORT");
  // nullopt: the nameservers of the host's /etc/resolv.conf.
  std::optional<std::vector<std::string>> dns_upstreams;
};

// The mocker-dns binary: $MOCKER_DNS, else next to the running executable,
// else ../libexec/mocker/mocker-dns relative to it.
sys::Result<std::string> locate_dns_server();

class Networks {
 public:
  // Records of kind "networks" (one per network), "endpoints" (the leases of
  // one network) and "ports" (one per container with published ports).
  static sys::Result<Networks> open(state::Records records, NetworkConfig config = {});

  sys::Result<Network> create(const NetworkSpec& spec);
  // The network named "bridge", created on 172.17.0.0/16 (or the first free
  // subnet) if it does not exist yet.
  sys::Result<Network> ensure_default();
  // Refused while a container, running or stopped, holds a lease on it.
  sys::Status remove(const std::string& name_or_id);
  sys::Result<std::vector<Network>> list() const;
  // By exact name, exact id or unique id prefix.
  sys::Result<Network> get(const std::string& name_or_id) const;

  // A container's address on a network, from create until remove: reserve
  // leases it (inactive, nothing plumbed); attach plumbs the veth at each
  // start, reusing the lease the container holds (or leasing one then, for
  // containers created without); deactivate lets go of the veth and ports
  // when it stops, keeping the lease; release and detach give the lease up.
  sys::Result<Endpoint> reserve(const Attachment& attachment);
  sys::Result<Endpoint> attach(const Attachment& attachment);
  sys::Status detach(const std::string& network, const std::string& container_id);
  sys::Result<std::vector<Endpoint>> endpoints(const std::string& network) const;
  // Everything a container's /etc/hosts needs: its peers on all its networks.
  sys::Result<std::vector<Peer>> peers(const std::string& container_id) const;
  // The container's endpoints on every network, in the order of the networks' records.
  sys::Result<std::vector<Endpoint>> endpoints_of(const std::string& container_id) const;
  // Detaches the container from every network, giving up its leases, and
  // unpublishes its ports (a removed container); nothing held is fine.
  sys::Status release(const std::string& container_id);
  // A stopped container: veths and published ports go, leases stay.
  sys::Status deactivate(const std::string& container_id);
  // Containers with an active endpoint or a published port: what
  // cleanup_orphans would look at, read cheaply so callers can skip it when
  // all of them run.
  sys::Result<std::set<std::string>> attached_containers() const;

  // Publishes all mappings or none; returns them with the host ports chosen.
  // A host port already taken (by a socket on the host or by another
  // container) fails with "publish 127.0.0.1:18080/tcp: port is already allocated".
  sys::Result<std::vector<PortMapping>> publish(const std::string& container_id,
                                                const std::vector<PortMapping>& mappings);
  // Removes exactly this container's rules; nothing published is fine.
  sys::Status unpublish(const std::string& container_id);
  sys::Result<std::vector<PortMapping>> published(const std::string& container_id) const;

  // Gives up the leases of containers not in `known` (removed, or never fully
  // created), deactivates those of known containers not in `alive` and
  // unpublishes their ports, deletes veths and bridges of ours that no active
  // endpoint or record names, stops DNS servers of networks that no longer
  // exist, and brings the nft table in line with the records.
  sys::Status cleanup_orphans(const std::set<std::string>& alive_container_ids,
                              const std::set<std::string>& known_container_ids = {});

  const state::Records& records() const { return records_; }

 private:
  Networks(state::Records records, NetworkConfig config) : records_(std::move(records)), config_(std::move(config)) {}
  sys::Result<sys::FileLock> lock() const;
  sys::Result<Network> find(const std::string& name_or_id) const;
  sys::Result<Network> create_locked(const NetworkSpec& spec, bool is_default);
  sys::Status teardown(const Network& net);
  sys::Status ensure_up(Network& net);
  sys::Status start_dns(Network& net);
  sys::Status detach_locked(const Network& net, const std::string& container_id);
  sys::Status deactivate_locked(const Network& net, const std::string& container_id);
  sys::Result<Endpoint> lease_for(const Attachment& a, const Network& net, Leases& leases);
  sys::Status sync_rules(const std::string& excluded_network = "");

  state::Records records_;
  NetworkConfig config_;
};

}  // namespace mocker::engine::network
