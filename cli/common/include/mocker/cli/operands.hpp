#pragma once
// Docker's command-line rule for commands that run something (run, create,
// exec): options come before the first operand (the image, container or
// service); that operand and everything after it belong to the command being
// run, and `--` ends the options too. An option the command does not know is
// an error naming it, not the start of the command.
//
// Commands opt in with CLI11's prefix_command() or positionals_at_end();
// check_operand_commands is run on the whole command line before CLI11 parses it.
#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mocker::cli {

struct UsageError {
  std::string command;  // "run", "network create": the subcommand path
  std::string message;  // "unknown flag: --bogus"
};

// Walks `args` (without argv[0]) from `root` down its subcommands. In a
// command that uses prefix_command(): an unknown option before the operand is
// an error, and a `--` just before the operand is dropped (CLI11 would pass it
// on as part of the command). Other commands are left to CLI11.
std::optional<UsageError> check_operand_commands(const CLI::App& root, std::vector<std::string>& args);

// The path of the subcommand `args` selects ("run", "network ls"); empty for none.
std::string selected_command(const CLI::App& root, const std::vector<std::string>& args);

}  // namespace mocker::cli
