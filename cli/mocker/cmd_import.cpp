// mocker init / import / load: images from a directory, a rootfs tarball, or
// a docker save / OCI archive, from a file or stdin.
#include "context.hpp"

#include <unistd.h>

#include <iostream>

namespace mocker::cli {

namespace sys = engine::sys;
namespace image = engine::image;

namespace {

using Strings = std::vector<std::string>;

sys::Result<std::optional<image::Reference>> optional_tag(const std::string& text) {
  if (text.empty()) return std::optional<image::Reference>{};
  auto ref = MOCKER_TRY(image::parse_reference(text));
  return std::optional<image::Reference>(ref);
}

void print_loaded(const std::vector<image::Image>& images) {
  for (const auto& i : images) {
    if (i.repo_tags.empty()) std::cout << "Loaded image ID: " << i.id << "\n";
    for (const auto& t : i.repo_tags) std::cout << "Loaded image: " << t << "\n";
  }
}

// From a file, or from stdin for "-", which must not be a terminal.
sys::Result<std::vector<image::Image>> import_from(engine::Engine& e, const std::string& file,
                                                   const std::optional<image::Reference>& tag, const Strings& changes) {
  if (file != "-") return e.images().import_archive(file, tag, changes);
  if (::isatty(0))
    return sys::Error::invalid("import", "stdin", "stdin is a terminal: pipe an archive in, e.g. mocker import - < rootfs.tar");
  return e.images().import_stream(0, "stdin", tag, changes);
}

void add_change_option(CLI::App& cmd, Strings& changes) {
  cmd.add_option("-c,--change", changes, "Dockerfile instruction for the image config (CMD, ENTRYPOINT, ENV, ...)")
      ->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}

void add_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create an image from a directory");
  auto dir = std::make_shared<std::string>();
  auto tag = std::make_shared<std::string>();
  auto changes = std::make_shared<Strings>();
  cmd->add_option("DIR", *dir, "Directory holding the root filesystem")->required();
  cmd->add_option("-t,--tag", *tag, "Name and optionally a tag (NAME[:TAG])");
  add_change_option(*cmd, *changes);
  cmd->callback([&ctx, dir, tag, changes] {
    run_command(ctx, [&]() -> sys::Status {
      auto ref = MOCKER_TRY(optional_tag(*tag));
      auto* e = MOCKER_TRY(ctx.engine());
      auto img = MOCKER_TRY(e->images().init_from_directory(*dir, ref, *changes));
      std::cout << img.id << "\n";
      return sys::ok();
    });
  });
}

// docker import FILE|- [REPOSITORY[:TAG]]; -t is kept for mocker's older form.
void add_import(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("import", "Import an image from a rootfs tarball (or a docker save / OCI archive); - reads stdin");
  auto file = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto tag = std::make_shared<std::string>();
  auto changes = std::make_shared<Strings>();
  cmd->add_option("FILE", *file, "Tarball (gzip, zstd, xz or plain), or - for stdin")->required();
  cmd->add_option("REPOSITORY", *name, "NAME[:TAG] of the new image");
  cmd->add_option("-t,--tag", *tag, "Name and optionally a tag (NAME[:TAG])");
  add_change_option(*cmd, *changes);
  cmd->callback([&ctx, file, name, tag, changes] {
    run_command(ctx, [&]() -> sys::Status {
      if (!name->empty() && !tag->empty())
        return sys::Error::invalid("import", *name, "give the name either as REPOSITORY or with -t, not both");
      auto ref = MOCKER_TRY(optional_tag(name->empty() ? *tag : *name));
      auto* e = MOCKER_TRY(ctx.engine());
      print_loaded(MOCKER_TRY(import_from(*e, *file, ref, *changes)));
      return sys::ok();
    });
  });
}

void add_load(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("load", "Load images from a docker save or OCI archive (default: stdin)");
  auto file = std::make_shared<std::string>("-");
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("-i,--input", *file, "Read from this file instead of stdin");
  cmd->add_flag("-q,--quiet", *quiet, "Print nothing");
  cmd->callback([&ctx, file, quiet] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto images = MOCKER_TRY(import_from(*e, *file, std::nullopt, {}));
      if (!*quiet) print_loaded(images);
      return sys::ok();
    });
  });
}

}  // namespace

void register_import_commands(CLI::App& app, Context& ctx) {
  add_init(app, ctx);
  add_import(app, ctx);
  add_load(app, ctx);
}

}  // namespace mocker::cli
