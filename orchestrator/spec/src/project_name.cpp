#include <mocker/spec/project_name.hpp>

namespace mocker::orchestrator::spec {

namespace {
bool allowed(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}
}  // namespace

std::string normalize_project_name(std::string_view raw) {
  std::string out;
  for (char c : raw) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (allowed(c)) out += c;
  }
  size_t first = out.find_first_not_of("-_");
  return first == std::string::npos ? std::string() : out.substr(first);
}

bool is_valid_project_name(std::string_view name) {
  if (name.empty() || name[0] == '-' || name[0] == '_') return false;
  for (char c : name)
    if (!allowed(c)) return false;
  return true;
}

}  // namespace mocker::orchestrator::spec
