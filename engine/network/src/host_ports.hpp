#pragma once
// Whether a host port is free, asked the only reliable way: by binding it.
#include <mocker/network/ports.hpp>

namespace mocker::engine::network {

// EADDRINUSE (or EADDRNOTAVAIL for an address the host does not have) when
// the port cannot be bound now.
sys::Status probe_host_port(Ipv4 ip, uint16_t port, Protocol protocol);
// A port the kernel considers free for binding on ip (its ephemeral range).
sys::Result<uint16_t> ephemeral_port(Ipv4 ip, Protocol protocol);

}  // namespace mocker::engine::network
