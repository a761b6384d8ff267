#include "command.hpp"

namespace mocker::cli::compose {

namespace {
std::vector<Command>& registry() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace

const std::vector<Command>& commands() { return registry(); }

Registration::Registration(std::string name, CommandSetup setup) {
  registry().push_back(Command{std::move(name), setup});
}

}  // namespace mocker::cli::compose
