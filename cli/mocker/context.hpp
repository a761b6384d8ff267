#pragma once
// What every `mocker` subcommand gets: the engine (opened on first use) and
// a place to put its outcome. Commands turn arguments into engine calls and
// results into text; nothing else.
#include <mocker/container/engine.hpp>

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>

namespace mocker::cli {

struct Context {
  engine::EngineOptions options;
  std::unique_ptr<engine::Engine> engine_;
  int exit_code = 0;

  engine::sys::Result<engine::Engine*> engine();
};

// Wraps a command body: its error is printed once, as "mocker: ...", and the
// exit code is `failure_code` (docker's run and create use 125).
using Body = std::function<engine::sys::Status()>;
void run_command(Context& ctx, const Body& body, int failure_code = 1);

void register_image_commands(CLI::App& app, Context& ctx);
void register_container_commands(CLI::App& app, Context& ctx);
void register_network_commands(CLI::App& app, Context& ctx);
void register_volume_commands(CLI::App& app, Context& ctx);
void register_manage_commands(CLI::App& app, Context& ctx);    // cmd_manage.cpp
void register_import_commands(CLI::App& app, Context& ctx);    // cmd_import.cpp: init, import, load
void register_transfer_commands(CLI::App& app, Context& ctx);  // cmd_transfer.cpp: cp, export
void register_system_commands(CLI::App& app, Context& ctx);    // cmd_system.cpp: info, system, prune
// Mounts of type "volume" (from -v NAME:/path) become binds of the named
// volume, which is created if it does not exist yet (as Docker does).
engine::sys::Status resolve_named_volumes(engine::Engine& engine, engine::container::CreateOptions& options);

}  // namespace mocker::cli
