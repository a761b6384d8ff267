#pragma once
// The command tree of a CLI11 app as text, one line per command and per
// option with all its names: "run", "run -d,--detach", "network create
// --subnet"; the root's options alone ("--root"). Hidden commands (in no help
// group) and --help are left out. Printed by the hidden `__commands`
// command, which docs/cli-reference.md is checked against.
#include <CLI/CLI.hpp>

#include <string>

namespace mocker::cli {

std::string dump_commands(const CLI::App& root);

// Adds the hidden `__commands` subcommand that prints dump_commands(root).
void add_commands_dump(CLI::App& root);

}  // namespace mocker::cli
