#include <mocker/network/hosts.hpp>

#include <algorithm>

namespace mocker::engine::network {

std::vector<Peer> peers_of(const std::string& container_id, const std::vector<NetworkEndpoints>& networks) {
  std::vector<Peer> out;
  for (const auto& net : networks) {
    bool member = std::any_of(net.endpoints.begin(), net.endpoints.end(),
                              [&](const Endpoint& e) { return e.container_id == container_id; });
    if (!member) continue;
    std::vector<const Endpoint*> others;
    for (const auto& e : net.endpoints)
      if (e.container_id != container_id) others.push_back(&e);
    std::sort(others.begin(), others.end(), [](const Endpoint* a, const Endpoint* b) { return a->ip < b->ip; });
    for (const Endpoint* e : others) {
      Peer p{e->ip.str(), {}};
      if (!e->container_name.empty()) p.names.push_back(e->container_name);
      for (const auto& a : e->aliases)
        if (std::find(p.names.begin(), p.names.end(), a) == p.names.end()) p.names.push_back(a);
      if (!p.names.empty()) out.push_back(std::move(p));
    }
  }
  return out;
}

namespace {

std::string line(const std::string& ip, const std::vector<std::string>& names) {
  std::string out = ip;
  for (const auto& n : names) out += (&n == &names.front() ? "\t" : " ") + n;
  return out + "\n";
}

}  // namespace

std::string render_hosts(const std::string& hostname, const std::vector<std::string>& own_ips,
                         const std::vector<Peer>& peers) {
  std::string out =
      "127.0.0.1\tlocalhost\n"
      "::1\tlocalhost ip6-localhost ip6-loopback\n"
      "fe00::0\tip6-localnet\n"
      "ff00::0\tip6-mcastprefix\n"
      "ff02::1\tip6-allnodes\n"
      "ff02::2\tip6-allrouters\n";
  if (!hostname.empty()) {
    if (own_ips.empty()) out += line("127.0.1.1", {hostname});
    for (const auto& ip : own_ips) out += line(ip, {hostname});
  }
  for (const auto& p : peers) out += line(p.ip, p.names);
  return out;
}

std::string render_resolv_conf(const std::vector<std::string>& nameservers, const std::vector<std::string>& search,
                               const std::vector<std::string>& options) {
  std::string out;
  for (const auto& ns : nameservers) out += "nameserver " + ns + "\n";
  auto joined = [](const char* key, const std::vector<std::string>& items) {
    if (items.empty()) return std::string();
    std::string l = key;
    for (const auto& i : items) l += " " + i;
    return l + "\n";
  };
  out += joined("search", search);
  out += joined("options", options);
  return out;
}

}  // namespace mocker::engine::network
