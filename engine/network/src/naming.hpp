#pragma once
// Names and ids of what the module makes. Every kernel object carries our
// prefix, so cleanup recognises ours and never touches anything else:
// bridges "mkr-" + 8 digits of the network id, veths "mkv" + 6 digits of the
// container id + 6 of the network id (15 characters, the kernel's limit).
#include <mocker/sys/result.hpp>

#include <string>

namespace mocker::engine::network {

inline constexpr const char* kBridgePrefix = "mkr-";
inline constexpr const char* kVethPrefix = "mkv";

sys::Result<std::string> random_id();
std::string bridge_name(const std::string& network_id);
std::string veth_name(const std::string& container_id, const std::string& network_id);
// Docker's rule for network names: [a-zA-Z0-9][a-zA-Z0-9_.-]*
sys::Status check_network_name(const std::string& name);
// Container ids are hex (the facade's are 64 digits); at least 12.
sys::Status check_container_id(const std::string& id);
std::string now_rfc3339();

}  // namespace mocker::engine::network
