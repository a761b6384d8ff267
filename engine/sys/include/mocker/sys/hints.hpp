#pragma once
// Known traps: an errno seen in a given operation maps to advice for the user.
#include <mocker/sys/error.hpp>

namespace mocker::engine::sys {

// Attaches a hint when (operation, errno) matches a known trap. Returns the error.
// ENOSPC gets the store-full hint whatever the operation.
Error with_known_hint(Error e);

// Where the store of this process is (its root dir), for the store-full hint.
void note_store_root(const std::string& root);
// What to do about a full store at root (empty: not known).
std::string store_full_hint(const std::string& root);

}  // namespace mocker::engine::sys
