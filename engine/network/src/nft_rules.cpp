#include <mocker/network/nft_rules.hpp>

namespace mocker::engine::network {

namespace {

std::string quoted(const std::string& s) { return "\"" + s + "\""; }

std::string network_comment(const NetworkRules& n) { return " comment " + quoted("network " + n.id); }

// Outbound NAT, and the source NAT that lets published ports answer
// connections from 127.0.0.1 and from containers of the same bridge.
void postrouting_rules(const NetworkRules& n, std::string& out) {
  if (n.internal) return;
  const std::string subnet = n.subnet.str(), bridge = quoted(n.bridge), comment = network_comment(n);
  out += "\t\tip saddr " + subnet + " oifname != " + bridge + " masquerade" + comment + "\n";
  out += "\t\tip saddr 127.0.0.0/8 oifname " + bridge + " masquerade" + comment + "\n";
  out += "\t\tip saddr " + subnet + " oifname " + bridge + " ct status dnat masquerade" + comment + "\n";
}

// Networks do not reach each other; internal networks reach nothing outside.
void forward_rules(const NetworkRules& n, std::string& out) {
  const std::string bridge = quoted(n.bridge), comment = network_comment(n);
  out += "\t\tiifname " + bridge + " oifname \"mkr-*\" oifname != " + bridge + " drop" + comment + "\n";
  if (!n.internal) return;
  out += "\t\tiifname " + bridge + " oifname != " + bridge + " drop" + comment + "\n";
  out += "\t\toifname " + bridge + " iifname != " + bridge + " drop" + comment + "\n";
}

void port_rules(const PortRules& p, std::string& out) {
  for (const auto& m : p.ports) {
    out += "\t\t";
    if (!m.host_ip.any()) out += "ip daddr " + m.host_ip.str() + " ";
    out += protocol_name(m.protocol) + " dport " + std::to_string(m.host_port) + " dnat to " +
           m.container_ip.str() + ":" + std::to_string(m.container_port) + " comment " +
           quoted("container " + p.container_id) + "\n";
  }
}

std::string base_chain(const char* name, const char* type, const char* hook, int priority) {
  return std::string("\tchain ") + name + " {\n\t\ttype " + type + " hook " + hook + " priority " +
         std::to_string(priority) + "; policy accept;\n";
}

}  // namespace

std::string render_ruleset(const std::vector<NetworkRules>& networks, const std::vector<PortRules>& ports) {
  const std::string table = std::string(kTableFamily) + " " + kTableName;
  // "add" then "delete" empties the table whether or not it existed, in the
  // same transaction that declares it again.
  std::string out = "add table " + table + "\ndelete table " + table + "\n";
  bool any_ports = false;
  for (const auto& p : ports) any_ports = any_ports || !p.ports.empty();
  if (networks.empty() && !any_ports) return out;

  out += "table " + table + " {\n";
  out += base_chain("prerouting", "nat", "prerouting", -100) + "\t\tfib daddr type local jump ports\n\t}\n";
  out += base_chain("output", "nat", "output", -100) + "\t\tfib daddr type local jump ports\n\t}\n";
  out += "\tchain ports {\n";
  for (const auto& p : ports) port_rules(p, out);
  out += "\t}\n";
  out += base_chain("postrouting", "nat", "postrouting", 100);
  for (const auto& n : networks) postrouting_rules(n, out);
  out += "\t}\n";
  // Published ports stay reachable from every network, as through a proxy.
  out += base_chain("forward", "filter", "forward", 0) + "\t\tct status dnat accept\n";
  for (const auto& n : networks) forward_rules(n, out);
  out += "\t}\n}\n";
  return out;
}

}  // namespace mocker::engine::network
