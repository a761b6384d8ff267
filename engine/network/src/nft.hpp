#pragma once
// Runs an nft script through libnftables, as one transaction.
#include <mocker/sys/result.hpp>

#include <string>

namespace mocker::engine::network {

sys::Status apply_nft(const std::string& script);

}  // namespace mocker::engine::network
