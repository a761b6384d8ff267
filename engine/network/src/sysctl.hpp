#pragma once
// /proc/sys/net settings, which belong to the caller's network namespace.
#include <mocker/sys/result.hpp>

#include <string>

namespace mocker::engine::network {

// key is relative to /proc/sys, e.g. "net/ipv4/ip_forward".
sys::Result<std::string> read_sysctl(const std::string& key);
sys::Status write_sysctl(const std::string& key, const std::string& value);

}  // namespace mocker::engine::network
