#pragma once
// Subcommands of mocker-compose register themselves here, one file each
// (cmd_<name>.cpp), so adding one touches no other file.
#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

namespace mocker::cli::compose {

// Flags that apply to every subcommand.
struct GlobalOptions {
  std::vector<std::string> files;
  std::string project_name;
  std::string project_directory;
  std::vector<std::string> profiles;
  std::vector<std::string> env_files;
  std::string progress = "auto";  // up/down progress: auto, tty, plain, json, quiet
  bool dry_run = false;           // up, down, start, stop, restart, kill, rm: say what would be done, do nothing
  std::string ansi = "auto";      // colours: never, always, auto (when stdout is a terminal)
  int parallel = -1;              // --parallel N: COMPOSE_PARALLEL_LIMIT; -1: not given

  // --ansi applied to a stream: `is_terminal` says whether it is one.
  bool color(bool is_terminal) const { return ansi == "always" || (ansi == "auto" && is_terminal); }
};

// Adds its subcommand to `app` and returns what runs when that subcommand is chosen;
// the returned function yields the exit code.
using CommandSetup = std::function<int()> (*)(CLI::App& app, const GlobalOptions& global);

struct Command {
  std::string name;
  CommandSetup setup;
};

const std::vector<Command>& commands();

struct Registration {
  Registration(std::string name, CommandSetup setup);
};

// Exit codes (docs/compose-file.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // invalid compose files, or the command failed
inline constexpr int kExitUsage = 2;    // bad command line

}  // namespace mocker::cli::compose
