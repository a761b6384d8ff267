// mocker-compose: global flags, then one subcommand (see command.hpp).
#include "command.hpp"

#include <mocker/cli/commands_dump.hpp>
#include <mocker/cli/operands.hpp>

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace {

using namespace mocker::cli::compose;

int usage_error(const std::string& command, const std::string& message) {
  std::string where = command.empty() ? "" : command + ": ";
  std::cerr << "mocker-compose: " << where << message << "\nSee 'mocker-compose " << (command.empty() ? "" : command + " ")
            << "--help'.\n";
  return kExitUsage;
}

void add_version(CLI::App& app, std::vector<std::pair<std::string, std::function<int()>>>& runners) {
  app.set_version_flag("-v,--version", std::string("mocker-compose version ") + MOCKER_VERSION);
  auto* cmd = app.add_subcommand("version", "Show the version");
  auto short_form = std::make_shared<bool>(false);
  cmd->add_flag("--short", *short_form, "Only the number");
  runners.emplace_back("version", [short_form] {
    std::cout << (*short_form ? "" : "mocker-compose version ") << MOCKER_VERSION << '\n';
    return kExitOk;
  });
}

// --parallel and --ansi take effect before any command runs.
void apply_globals(GlobalOptions& global) {
  if (global.parallel == 0 || global.parallel < -1) throw CLI::ValidationError("--parallel", "expected a number above 0, or -1 for the default");
  if (global.parallel > 0) ::setenv("COMPOSE_PARALLEL_LIMIT", std::to_string(global.parallel).c_str(), 1);
  if (global.ansi == "never" && global.progress == "auto") global.progress = "plain";
}

}  // namespace

int main(int argc, char** argv) {
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
  app.add_flag("--dry-run", global.dry_run, "Print what up, down, start, stop, restart, kill and rm would do; change nothing");
  app.add_option("--parallel", global.parallel, "Operations at once (as COMPOSE_PARALLEL_LIMIT; -1: the default)");
  app.add_option("--ansi", global.ansi, "Colours and live progress: never, always or auto")
      ->check(CLI::IsMember({"never", "always", "auto"}));
  app.parse_complete_callback([&global] { apply_globals(global); });

  std::vector<std::pair<std::string, std::function<int()>>> runners;
  for (const auto& cmd : commands()) runners.emplace_back(cmd.name, cmd.setup(app, global));
  add_version(app, runners);
  mocker::cli::add_commands_dump(app);

  std::vector<std::string> args(argv + 1, argv + argc);
  if (auto bad = mocker::cli::check_operand_commands(app, args)) return usage_error(bad->command, bad->message);
  std::string command = mocker::cli::selected_command(app, args);
  std::reverse(args.begin(), args.end());  // CLI11 takes them last first
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return usage_error(command, e.what());
  }
  for (auto& [name, run] : runners)
    if (app.got_subcommand(name)) return run();
  return app.got_subcommand("__commands") ? kExitOk : kExitUsage;
}
