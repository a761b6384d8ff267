#pragma once
// btrfs subvolumes through libbtrfsutil (never by spawning `btrfs`).
#include <mocker/sys/result.hpp>

#include <string>

namespace mocker::engine::storage {

enum class Access { writable, read_only };

sys::Status create_subvolume(const std::string& path);
sys::Status snapshot(const std::string& source, const std::string& path, Access access);
// Deletes the subvolume and any nested subvolumes. A missing path is not an error.
sys::Status delete_subvolume(const std::string& path);
sys::Status set_read_only(const std::string& path, bool read_only);
bool is_subvolume(const std::string& path);

}  // namespace mocker::engine::storage
