#include "context.hpp"
#include "run_options.hpp"

#include <mocker/cli/commands_dump.hpp>
#include <mocker/cli/operands.hpp>
#include <mocker/storage/store.hpp>

#include <algorithm>
#include <iostream>

namespace mocker::cli {

engine::sys::Result<engine::Engine*> Context::engine() {
  if (!engine_) engine_ = MOCKER_TRY(engine::Engine::open(options));
  return engine_.get();
}

void run_command(Context& ctx, const Body& body, int failure_code) {
  auto status = body();
  if (!status) {
    std::cerr << "mocker: " << status.error().render_long() << "\n";
    ctx.exit_code = failure_code;
  }
}

}  // namespace mocker::cli

namespace {

// Docker's exit code for a command line it cannot use.
constexpr int kExitUsage = 125;

int usage_error(const std::string& command, const std::string& message) {
  std::string where = command.empty() ? "" : command + ": ";
  std::cerr << "mocker: " << where << message << "\nSee 'mocker " << (command.empty() ? "" : command + " ") << "--help'.\n";
  return kExitUsage;
}

void add_version(CLI::App& app) {
  app.set_version_flag("--version", std::string("mocker version ") + MOCKER_VERSION);
  auto* cmd = app.add_subcommand("version", "Show the version");
  cmd->callback([] {
    std::cout << "Version:    " << MOCKER_VERSION << "\n"
              << "Engine:     embedded (no daemon)\n"
              << "OS/Arch:    linux/" << mocker::cli::host_architecture() << "\n";
  });
}

}  // namespace

int main(int argc, char** argv) {
  mocker::cli::Context ctx;
  CLI::App app{"mocker: an embedded container engine"};
  app.name("mocker");
  app.require_subcommand(1);
  std::string store_size;
  app.add_option("--root", ctx.options.store.root, "Root directory of the store (default $MOCKER_ROOT or /var/lib/mocker)");
  app.add_option("--store-size", store_size, "Size of the loop-backed store when it is created (e.g. 64G)");
  mocker::cli::register_image_commands(app, ctx);
  mocker::cli::register_container_commands(app, ctx);
  mocker::cli::register_network_commands(app, ctx);
  mocker::cli::register_volume_commands(app, ctx);
  mocker::cli::register_manage_commands(app, ctx);
  mocker::cli::register_import_commands(app, ctx);
  mocker::cli::register_transfer_commands(app, ctx);
  mocker::cli::register_system_commands(app, ctx);
  add_version(app);
  mocker::cli::add_commands_dump(app);
  app.parse_complete_callback([&] {
    if (!store_size.empty()) {
      ctx.options.store.loop_size_bytes = mocker::engine::storage::parse_size(store_size);
      if (ctx.options.store.loop_size_bytes == 0) throw CLI::ValidationError("--store-size", "expected a size like 64G, got \"" + store_size + "\"");
    }
  });
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
  return ctx.exit_code;
}
