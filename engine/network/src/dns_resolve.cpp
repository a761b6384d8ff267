#include <mocker/network/dns.hpp>

#include <algorithm>
#include <cctype>

namespace mocker::engine::network {

namespace {

bool equal_fold(const std::string& a, const std::string& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool answers_to(const Endpoint& e, const std::string& name) {
  if (equal_fold(e.container_name, name)) return true;
  if (std::any_of(e.aliases.begin(), e.aliases.end(), [&](const std::string& a) { return equal_fold(a, name); }))
    return true;
  return name.size() >= 12 && (equal_fold(e.container_id, name) || equal_fold(e.container_id.substr(0, 12), name));
}

std::vector<Ipv4> matches(const NetworkEndpoints& net, const std::string& name) {
  std::vector<Ipv4> out;
  for (const auto& e : net.endpoints)
    if (answers_to(e, name)) out.push_back(e.ip);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Resolution resolve_name(const std::string& name, const std::string& network_id, Ipv4 source,
                        const std::vector<NetworkEndpoints>& networks) {
  auto own = std::find_if(networks.begin(), networks.end(),
                          [&](const NetworkEndpoints& n) { return n.network_id == network_id; });
  if (own == networks.end()) return {};
  std::string asker;
  for (const auto& e : own->endpoints)
    if (e.ip == source) asker = e.container_id;

  if (auto found = matches(*own, name); !found.empty()) return {true, found};
  if (asker.empty()) return {};
  for (const auto& net : networks) {
    if (&net == &*own) continue;
    bool member = std::any_of(net.endpoints.begin(), net.endpoints.end(),
                              [&](const Endpoint& e) { return e.container_id == asker; });
    if (!member) continue;
    if (auto found = matches(net, name); !found.empty()) return {true, found};
  }
  return {};
}

}  // namespace mocker::engine::network
