// mocker-compose cp: files between a service's container and the host, as
// `mocker cp` copies them (SERVICE:PATH picks replica --index, default 1).
#include "../mocker/copy_args.hpp"
#include "command.hpp"
#include "session.hpp"

#include <mocker/reconcile/labels.hpp>

#include <unistd.h>

#include <memory>

namespace mocker::cli::compose {
namespace {

namespace sys = engine::sys;
namespace reconcile = orchestrator::reconcile;

struct CpOptions {
  std::string src, dest;
  int index = 1;
};

sys::Result<std::string> container_of(Session& s, const std::string& service, int index) {
  for (const auto& c : MOCKER_TRY(s.containers(true, {service}))) {
    auto id = reconcile::read_container_identity(c.labels);
    if (id && id->replica == index) return c.id;
  }
  return sys::Error::invalid("cp", service, "no container of this service with index " + std::to_string(index));
}

sys::Status copy(Session& s, const CpOptions& o) {
  CopyOperand src = parse_copy_operand(o.src), dest = parse_copy_operand(o.dest);
  if (src.container.empty() == dest.container.empty())
    return sys::Error::invalid("cp", o.src + " " + o.dest, "one of the two must be SERVICE:PATH, the other a host path or -");
  auto& cs = s.engine->containers();
  if (!src.container.empty()) {
    std::string id = MOCKER_TRY(container_of(s, src.container, o.index));
    if (dest.path == "-") return cs.copy_out_tar(id, src.path, 1);
    return cs.copy_out(id, src.path, dest.path);
  }
  std::string id = MOCKER_TRY(container_of(s, dest.container, o.index));
  if (src.path == "-") {
    if (::isatty(0)) return sys::Error::invalid("cp", "stdin", "stdin is a terminal: pipe a tar stream in");
    return cs.copy_in_tar(id, 0, dest.path);
  }
  return cs.copy_in(id, src.path, dest.path);
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("cp", "Copy files between a service container and the host");
  auto o = std::make_shared<CpOptions>();
  cmd->add_option("SRC", o->src, "SERVICE:PATH, a host path, or - (a tar stream on stdin)")->required();
  cmd->add_option("DEST", o->dest, "SERVICE:PATH, a host path, or - (a tar stream on stdout)")->required();
  cmd->add_option("--index", o->index, "Which replica of the service (default 1)");
  return [&global, o] {
    auto session = open_session(global, false);
    if (!session) return kExitFailure;
    if (auto st = copy(*session, *o); !st) return fail(st.error());
    return kExitOk;
  };
}

const Registration registration{"cp", setup};

}  // namespace
}  // namespace mocker::cli::compose
