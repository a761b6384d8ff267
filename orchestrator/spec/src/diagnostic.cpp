#include <mocker/spec/diagnostic.hpp>

namespace mocker::orchestrator::spec {

std::string Diagnostic::render() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ':' + std::to_string(line) + ':' + std::to_string(col);
    out += ": ";
  }
  if (!path.empty()) out += path + ": ";
  out += message;
  return out;
}

std::string render(const Diagnostics& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += d.render() + '\n';
  return out;
}

}  // namespace mocker::orchestrator::spec
