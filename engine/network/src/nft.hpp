#pragma once
// Runs an nft script through libnftables, as one transaction.
#include <mocker/sys/result.hpp>

#include <optional>
#include <string>

namespace mocker::engine::network {

sys::Status apply_nft(const std::string& script);

// The output of a read-only nft command ("list chain ip filter X"), or
// nothing when nft refuses it (the table or chain does not exist).
sys::Result<std::optional<std::string>> list_nft(const std::string& command);

}  // namespace mocker::engine::network
