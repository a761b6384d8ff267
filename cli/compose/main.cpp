// mocker-compose: global flags, then one subcommand (see command.hpp).
#include "command.hpp"

#include <iostream>

int main(int argc, char** argv) {
  using namespace mocker::cli::compose;
  CLI::App app{"mocker-compose: define and run multi-container applications from compose files"};
  app.name("mocker-compose");
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("-f,--file", global.files, "Compose file (repeatable; - reads standard input)");
  app.add_option("-p,--project-name", global.project_name, "Project name");
  app.add_option("--project-directory", global.project_directory,
                 "Project directory (default: the first compose file's directory)");
  app.add_option("--profile", global.profiles, "Enable a profile (repeatable)");
  app.add_option("--env-file", global.env_files, "Variables for interpolation (repeatable; default: .env)");
  app.add_option("--progress", global.progress, "Progress output of up and down")
      ->check(CLI::IsMember({"auto", "tty", "plain", "json", "quiet"}));

  std::vector<std::pair<std::string, std::function<int()>>> runners;
  for (const auto& cmd : commands()) runners.emplace_back(cmd.name, cmd.setup(app, global));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsage;
  }
  for (auto& [name, run] : runners)
    if (app.got_subcommand(name)) return run();
  return kExitUsage;
}
