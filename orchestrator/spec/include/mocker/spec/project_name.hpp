#pragma once
// Project names: lowercase letters, digits, '-' and '_', starting with a letter or digit.
#include <string>
#include <string_view>

namespace mocker::orchestrator::spec {

// What a directory name becomes: lowercased, other characters dropped, leading
// '-' and '_' dropped. May return an empty string.
std::string normalize_project_name(std::string_view raw);

bool is_valid_project_name(std::string_view name);

}  // namespace mocker::orchestrator::spec
