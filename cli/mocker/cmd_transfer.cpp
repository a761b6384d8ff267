// mocker cp / export: files in and out of a container's filesystem.
#include "context.hpp"
#include "copy_args.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <iostream>

namespace mocker::cli {

namespace sys = engine::sys;

namespace {

sys::Status copy(engine::Engine& e, const CopyOperand& src, const CopyOperand& dst) {
  auto& cs = e.containers();
  bool src_in = !src.container.empty(), dst_in = !dst.container.empty();
  if (src_in == dst_in)
    return sys::Error::invalid("cp", src.path + " " + dst.path,
                               src_in ? "copying between containers is not supported" : "one of the two must be CONTAINER:PATH");
  if (src_in) {
    if (dst.path == "-") {
      if (::isatty(1)) return sys::Error::invalid("cp", "stdout", "stdout is a terminal: redirect the tar stream to a file or a pipe");
      return cs.copy_out_tar(src.container, src.path, 1);
    }
    return cs.copy_out(src.container, src.path, dst.path);
  }
  if (src.path == "-") {
    if (::isatty(0)) return sys::Error::invalid("cp", "stdin", "stdin is a terminal: pipe a tar stream in");
    return cs.copy_in_tar(dst.container, 0, dst.path);
  }
  return cs.copy_in(dst.container, src.path, dst.path);
}

void add_cp(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("cp", "Copy files between a container and the host (- for a tar stream on stdin/stdout)");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  cmd->add_option("SRC", *from, "CONTAINER:PATH, a host path, or - (a tar stream on stdin)")->required();
  cmd->add_option("DEST", *to, "CONTAINER:PATH, a host path, or - (a tar stream on stdout)")->required();
  cmd->callback([&ctx, from, to] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      return copy(*e, parse_copy_operand(*from), parse_copy_operand(*to));
    });
  });
}

void add_export(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("export", "Export a container's filesystem as a tar archive");
  auto ref = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  cmd->add_option("CONTAINER", *ref)->required();
  cmd->add_option("-o,--output", *output, "Write to a file instead of stdout");
  cmd->callback([&ctx, ref, output] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      if (output->empty()) {
        if (::isatty(1))
          return sys::Error::invalid("export", *ref, "cowardly refusing to write a tar archive to a terminal: use -o FILE or redirect stdout");
        return e->containers().export_rootfs(*ref, 1);
      }
      auto out = MOCKER_TRY(sys::open_file(*output, O_WRONLY | O_CREAT | O_TRUNC, 0644));
      return e->containers().export_rootfs(*ref, out.get());
    });
  });
}

}  // namespace

void register_transfer_commands(CLI::App& app, Context& ctx) {
  add_cp(app, ctx);
  add_export(app, ctx);
}

}  // namespace mocker::cli
