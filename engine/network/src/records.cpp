#include "records.hpp"

namespace mocker::engine::network {

namespace {

std::string str(const Json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool flag(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

int64_t number(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

std::vector<std::string> strings(const Json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

sys::Result<Ipv4> address(const Json& j, const char* key) {
  auto ip = Ipv4::parse(str(j, key));
  if (!ip) return sys::Error::invalid("read record", key, ip.error().message);
  return *ip;
}

}  // namespace

Json to_json(const Network& n) {
  Json j = {{"id", n.id},
            {"name", n.name},
            {"bridge", n.bridge},
            {"subnet", n.subnet.str()},
            {"gateway", n.gateway.str()},
            {"internal", n.internal},
            {"labels", n.labels},
            {"created", n.created},
            {"dns", nullptr}};
  if (n.dns) j["dns"] = {{"pid", n.dns->pid}, {"start_ticks", n.dns->start_ticks}};
  return j;
}

sys::Result<Network> network_from_json(const Json& j) {
  if (!j.is_object()) return sys::Error::invalid("read network record", "", "not an object");
  Network n;
  n.id = str(j, "id");
  n.name = str(j, "name");
  n.bridge = str(j, "bridge");
  auto subnet = Cidr::parse(str(j, "subnet"));
  if (!subnet) return std::move(subnet).error().wrap("network " + n.id);
  n.subnet = *subnet;
  n.gateway = MOCKER_TRY(std::move(address(j, "gateway")).context("network " + n.id));
  n.internal = flag(j, "internal");
  if (auto it = j.find("labels"); it != j.end() && it->is_object())
    for (const auto& [k, v] : it->items())
      if (v.is_string()) n.labels[k] = v.get<std::string>();
  n.created = str(j, "created");
  if (auto it = j.find("dns"); it != j.end() && it->is_object())
    n.dns = DnsProcess{static_cast<pid_t>(number(*it, "pid")), static_cast<uint64_t>(number(*it, "start_ticks"))};
  if (n.id.empty() || n.name.empty() || n.bridge.empty())
    return sys::Error::invalid("read network record", n.id, "id, name or bridge missing");
  return n;
}

Json to_json(const Endpoint& e) {
  return {{"network_id", e.network_id},
          {"network_name", e.network_name},
          {"container_id", e.container_id},
          {"container_name", e.container_name},
          {"aliases", e.aliases},
          {"ip", e.ip.str()},
          {"prefix", e.prefix},
          {"gateway", e.gateway.str()},
          {"internal", e.internal},
          {"mac", e.mac},
          {"host_veth", e.host_veth},
          {"ifname", e.ifname},
          {"active", e.active}};
}

sys::Result<Endpoint> endpoint_from_json(const Json& j) {
  if (!j.is_object()) return sys::Error::invalid("read endpoint", "", "not an object");
  Endpoint e;
  e.network_id = str(j, "network_id");
  e.network_name = str(j, "network_name");
  e.container_id = str(j, "container_id");
  e.container_name = str(j, "container_name");
  e.aliases = strings(j, "aliases");
  e.ip = MOCKER_TRY(std::move(address(j, "ip")).context("endpoint " + e.container_id));
  e.prefix = static_cast<int>(number(j, "prefix"));
  e.gateway = MOCKER_TRY(std::move(address(j, "gateway")).context("endpoint " + e.container_id));
  e.internal = flag(j, "internal");
  e.mac = str(j, "mac");
  e.host_veth = str(j, "host_veth");
  e.ifname = str(j, "ifname");
  // Records from before leases outlived a run were all of running containers.
  auto active = j.find("active");
  e.active = active == j.end() || !active->is_boolean() || active->get<bool>();
  if (e.container_id.empty()) return sys::Error::invalid("read endpoint", "", "container id missing");
  return e;
}

Json to_json(const Leases& l) {
  Json eps = Json::array();
  for (const auto& e : l.endpoints) eps.push_back(to_json(e));
  return {{"network_id", l.network_id}, {"last", l.last ? Json(l.last->str()) : Json(nullptr)}, {"endpoints", eps}};
}

sys::Result<Leases> leases_from_json(const Json& j) {
  if (!j.is_object()) return sys::Error::invalid("read leases", "", "not an object");
  Leases l;
  l.network_id = str(j, "network_id");
  if (auto last = Ipv4::parse(str(j, "last"))) l.last = *last;
  if (auto it = j.find("endpoints"); it != j.end() && it->is_array())
    for (const auto& e : *it) l.endpoints.push_back(MOCKER_TRY(endpoint_from_json(e)));
  return l;
}

Json to_json(const std::vector<PortMapping>& ports) {
  Json out = Json::array();
  for (const auto& m : ports)
    out.push_back({{"host_ip", m.host_ip.str()},
                   {"host_port", m.host_port},
                   {"container_ip", m.container_ip.str()},
                   {"container_port", m.container_port},
                   {"protocol", protocol_name(m.protocol)}});
  return out;
}

sys::Result<std::vector<PortMapping>> ports_from_json(const Json& j) {
  std::vector<PortMapping> out;
  if (!j.is_array()) return sys::Error::invalid("read ports", "", "not a list");
  for (const auto& p : j) {
    if (!p.is_object()) return sys::Error::invalid("read ports", "", "not an object");
    PortMapping m;
    m.host_ip = MOCKER_TRY(address(p, "host_ip"));
    m.container_ip = MOCKER_TRY(address(p, "container_ip"));
    m.host_port = static_cast<uint16_t>(number(p, "host_port"));
    m.container_port = static_cast<uint16_t>(number(p, "container_port"));
    m.protocol = str(p, "protocol") == "udp" ? Protocol::udp : Protocol::tcp;
    out.push_back(m);
  }
  return out;
}

}  // namespace mocker::engine::network

namespace mocker::engine::network {

sys::Result<std::vector<Network>> read_networks(const state::Records& records) {
  std::vector<Network> out;
  for (const auto& j : MOCKER_TRY(records.list(kNetworksKind))) out.push_back(MOCKER_TRY(network_from_json(j)));
  return out;
}

sys::Result<Leases> read_leases(const state::Records& records, const std::string& network_id) {
  auto j = MOCKER_TRY(records.read(kEndpointsKind, network_id));
  if (!j) return Leases{network_id, std::nullopt, {}};
  Leases l = MOCKER_TRY(std::move(leases_from_json(*j)).context("leases of network " + network_id));
  l.network_id = network_id;
  return l;
}

sys::Status write_leases(const state::Records& records, const Leases& leases) {
  return records.write(kEndpointsKind, leases.network_id, to_json(leases));
}

sys::Result<std::vector<NetworkEndpoints>> read_all_endpoints(const state::Records& records) {
  std::vector<NetworkEndpoints> out;
  for (const auto& j : MOCKER_TRY(records.list(kEndpointsKind))) {
    Leases l = MOCKER_TRY(leases_from_json(j));
    out.push_back({l.network_id, std::move(l.endpoints)});
  }
  return out;
}

std::vector<NetworkEndpoints> active_only(std::vector<NetworkEndpoints> networks) {
  for (auto& n : networks)
    std::erase_if(n.endpoints, [](const Endpoint& e) { return !e.active; });
  return networks;
}

sys::Result<std::vector<ContainerPorts>> read_all_ports(const state::Records& records) {
  std::vector<ContainerPorts> out;
  for (const auto& j : MOCKER_TRY(records.list(kPortsKind))) {
    auto id = j.find("container_id");
    auto ports = j.find("ports");
    if (id == j.end() || !id->is_string() || ports == j.end())
      return sys::Error::invalid("read ports record", "", "container_id or ports missing");
    out.push_back({id->get<std::string>(), MOCKER_TRY(ports_from_json(*ports))});
  }
  return out;
}

sys::Result<std::vector<PortMapping>> read_ports(const state::Records& records, const std::string& container_id) {
  auto j = MOCKER_TRY(records.read(kPortsKind, container_id));
  if (!j || !j->is_object() || !j->contains("ports")) return std::vector<PortMapping>{};
  return ports_from_json((*j)["ports"]);
}

sys::Status write_ports(const state::Records& records, const std::string& container_id,
                        const std::vector<PortMapping>& ports) {
  if (ports.empty()) return records.remove(kPortsKind, container_id);
  return records.write(kPortsKind, container_id, Json{{"container_id", container_id}, {"ports", to_json(ports)}});
}

}  // namespace mocker::engine::network
