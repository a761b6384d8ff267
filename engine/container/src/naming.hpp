#pragma once
// Container ids and names, as Docker makes them.
#include <mocker/sys/result.hpp>

#include <cstddef>
#include <string>

namespace mocker::engine::container {

std::string new_container_id();  // 64 random hex digits
std::string generate_name();     // "adjective_surname"
inline constexpr size_t kMaxNameLength = 128;
bool valid_name(const std::string& name);  // [a-zA-Z0-9][a-zA-Z0-9_.-]*, at most kMaxNameLength
// Why a name given by the user is refused; an empty one (generated later) is fine.
sys::Status check_name(const std::string& name);

}  // namespace mocker::engine::container
