#include "network_settings.hpp"

#include "etc_files.hpp"

#include <mocker/network/network.hpp>

namespace mocker::engine::container {

namespace {

sys::Error conflict(const std::string& option, NetworkKind kind) {
  return sys::Error::invalid("create container", option,
                             "conflicting options: " + option + " and the " + network_kind_name(kind) + " network mode");
}

bool has_endpoint_options(const NetworkSettings& n) {
  for (const auto& r : n.networks)
    if (!r.aliases.empty() || !r.ip.empty() || !r.mac.empty()) return true;
  return false;
}

}  // namespace

sys::Status check_request(const NetworkRequest& r) {
  if (r.network.empty()) return sys::Error::invalid("create container", "--network", "empty network name");
  if (!r.ip.empty()) MOCKER_TRY(std::move(network::Ipv4::parse(r.ip)).context("parse --ip"));
  if (!r.mac.empty()) MOCKER_TRY(std::move(network::check_mac(r.mac)).context("parse --mac-address"));
  return sys::ok();
}

std::string network_kind_name(NetworkKind k) {
  switch (k) {
    case NetworkKind::none: return "none";
    case NetworkKind::host: return "host";
    case NetworkKind::bridge: return "bridge";
    case NetworkKind::container: return "container";
  }
  return "unknown";
}

sys::Status validate_network(const NetworkSettings& n, const std::string& hostname) {
  if (n.kind != NetworkKind::bridge) {
    if (!n.publish.empty()) return conflict("--publish", n.kind);
    if (has_endpoint_options(n)) return conflict("--network-alias, --ip and --mac-address", n.kind);
  }
  if (n.kind == NetworkKind::container) {
    if (n.container.empty()) return sys::Error::invalid("create container", "--network", "container: needs a container");
    if (!hostname.empty()) return conflict("--hostname", n.kind);
    if (!n.extra_hosts.empty()) return conflict("--add-host", n.kind);
    if (!n.dns.empty()) return conflict("--dns", n.kind);
  }
  for (const auto& r : n.networks) MOCKER_TRY(check_request(r));
  for (const auto& h : n.extra_hosts) MOCKER_TRY(check_extra_host(h));
  for (const auto& d : n.dns) MOCKER_TRY(std::move(network::Ipv4::parse(d)).context("parse --dns"));
  for (const auto& p : n.publish) MOCKER_TRY(network::parse_port_spec(p));
  return sys::ok();
}

sys::Result<std::vector<network::PortMapping>> port_mappings(const std::vector<std::string>& specs,
                                                             network::Ipv4 container_ip) {
  std::vector<network::PortMapping> out;
  for (const auto& spec : specs)
    for (auto m : MOCKER_TRY(network::parse_port_spec(spec))) {
      m.container_ip = container_ip;
      out.push_back(m);
    }
  return out;
}

}  // namespace mocker::engine::container
