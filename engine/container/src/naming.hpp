#pragma once
// Container ids and names, as Docker makes them.
#include <string>

namespace mocker::engine::container {

std::string new_container_id();  // 64 random hex digits
std::string generate_name();     // "adjective_surname"
bool valid_name(const std::string& name);  // [a-zA-Z0-9][a-zA-Z0-9_.-]*

}  // namespace mocker::engine::container
