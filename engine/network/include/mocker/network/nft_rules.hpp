#pragma once
// The text of our nftables table. The table is always rendered whole from the
// records and replaced in one transaction (or deleted when nothing needs it),
// so a crash between two steps leaves nothing the next change does not fix.
#include <mocker/network/address.hpp>
#include <mocker/network/ports.hpp>

#include <string>
#include <vector>

namespace mocker::engine::network {

inline constexpr const char* kTableFamily = "ip";
inline constexpr const char* kTableName = "mocker";

struct NetworkRules {
  std::string id;
  std::string bridge;
  Cidr subnet;
  bool internal = false;
};

struct PortRules {
  std::string container_id;
  std::vector<PortMapping> ports;  // host ports already chosen
};

// One nft script: creates the table if missing and deletes it, then (if any
// network or port needs rules) declares it anew. Rules carry the comment
// "network <id>" or "container <id>".
std::string render_ruleset(const std::vector<NetworkRules>& networks, const std::vector<PortRules>& ports);

}  // namespace mocker::engine::network
