#include "probe.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: mocker-probe                 isolation report\n"
               "       mocker-probe escape          try to break out, report each attempt\n"
               "       mocker-probe fork-bomb N     fork up to N processes, report how many lived at once\n"
               "       mocker-probe alloc MB        allocate and touch MB mebibytes\n"
               "       mocker-probe spin SECONDS    busy-loop\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace mocker::probe;
  nlohmann::json out;
  std::string mode = argc > 1 ? argv[1] : "report";
  if (mode == "report" && argc <= 2) {
    out = isolation_report();
  } else if (mode == "escape" && argc == 2) {
    out = escape_attempts();
  } else if (mode == "fork-bomb" && argc == 3) {
    out = fork_bomb(std::strtol(argv[2], nullptr, 10));
  } else if (mode == "alloc" && argc == 3) {
    out = allocate(std::strtol(argv[2], nullptr, 10));
  } else if (mode == "spin" && argc == 3) {
    out = spin(std::strtod(argv[2], nullptr));
  } else {
    return usage();
  }
  std::cout << out.dump() << std::endl;
  return 0;
}
