#pragma once
// A problem found in a compose file, with where it is and which attribute it concerns.
#include <string>
#include <vector>

namespace mocker::orchestrator::spec {

struct Diagnostic {
  std::string file;     // as given by the user, or an absolute path; may be empty
  int line = 0;         // 1-based; 0 when the problem has no position
  int col = 0;          // 1-based
  std::string path;     // "services.web.ports[1]"; may be empty
  std::string message;

  // "compose.yaml:12:5: services.web.restart: expected ..."
  std::string render() const;
};

using Diagnostics = std::vector<Diagnostic>;

// One line per diagnostic.
std::string render(const Diagnostics& diagnostics);

}  // namespace mocker::orchestrator::spec
