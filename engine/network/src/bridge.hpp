#pragma once
// The bridge of a network, with the gateway address on it.
#include "netlink.hpp"

namespace mocker::engine::network {

// Creates the bridge (EEXIST if a link has the name), puts the gateway on it
// and brings it up. Returns early with EEXIST untouched, so a failure never
// deletes a link that was already there.
sys::Status create_bridge(nl_sock* sock, const std::string& name, Ipv4 gateway, int prefix);
// For a bridge that should exist (after a reboot it does not): creates what is
// missing, leaves what is there.
sys::Status ensure_bridge(nl_sock* sock, const std::string& name, Ipv4 gateway, int prefix);

}  // namespace mocker::engine::network
