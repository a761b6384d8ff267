#include "context.hpp"

#include <mocker/storage/store.hpp>

#include <iostream>

namespace mocker::cli {

engine::sys::Result<engine::Engine*> Context::engine() {
  if (!engine_) engine_ = MOCKER_TRY(engine::Engine::open(options));
  return engine_.get();
}

void run_command(Context& ctx, const Body& body) {
  auto status = body();
  if (!status) {
    std::cerr << "mocker: " << status.error().render_long() << "\n";
    ctx.exit_code = 1;
  }
}

}  // namespace mocker::cli

int main(int argc, char** argv) {
  mocker::cli::Context ctx;
  CLI::App app{"mocker: an embedded container engine"};
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
  app.parse_complete_callback([&] {
    if (!store_size.empty()) {
      ctx.options.store.loop_size_bytes = mocker::engine::storage::parse_size(store_size);
      if (ctx.options.store.loop_size_bytes == 0) throw CLI::ValidationError("--store-size", "expected a size like 64G, got \"" + store_size + "\"");
    }
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return ctx.exit_code;
}
