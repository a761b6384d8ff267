// mocker-supervisor --project-name NAME: the detached supervisor of one
// compose project, started by mocker-compose (see docs/supervisor.md). A
// binary of its own so that what stays resident for a project is the loop and
// the engine facade, not the compose loader and CLI.
#include <mocker/supervisor/supervisor.hpp>

#include <iostream>
#include <string_view>

namespace {

constexpr int kExitUsage = 2;

int usage(std::string_view why) {
  std::cerr << "mocker-supervisor: " << why << "\nusage: mocker-supervisor --project-name NAME\n";
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::cout << "mocker-supervisor version " << MOCKER_VERSION << '\n';
    return 0;
  }
  if (argc != 3 || (std::string_view(argv[1]) != "--project-name" && std::string_view(argv[1]) != "-p"))
    return usage("started by mocker-compose, with a project name and nothing else");
  std::string_view project = argv[2];
  if (project.empty()) return usage("the project name is empty");
  auto st = mocker::orchestrator::supervisor::run_spawned_supervisor(std::string(project));
  if (!st) {
    std::cerr << "mocker-supervisor: " << st.error().render() << '\n';
    return 1;
  }
  return 0;
}
