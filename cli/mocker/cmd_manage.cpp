// mocker pause / unpause / restart / rename / update: changes to containers
// that exist.
#include "context.hpp"

#include <mocker/storage/store.hpp>

#include <iostream>

namespace mocker::cli {

namespace sys = engine::sys;

namespace {

using Refs = std::vector<std::string>;

// Runs op on every container named, like docker: one line per success, an
// error per failure, exit 1 if any failed.
void for_each_ref(Context& ctx, const Refs& refs, const std::function<sys::Status(engine::Engine&, const std::string&)>& op) {
  for (const auto& ref : refs)
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      MOCKER_TRY(op(*e, ref));
      std::cout << ref << "\n";
      return sys::ok();
    });
}

void add_pause(CLI::App& app, Context& ctx) {
  auto* pause = app.add_subcommand("pause", "Pause all processes within containers (cgroup freezer)");
  auto prefs = std::make_shared<Refs>();
  pause->add_option("CONTAINER", *prefs)->required();
  pause->callback([&ctx, prefs] {
    for_each_ref(ctx, *prefs, [](engine::Engine& e, const std::string& ref) -> sys::Status {
      MOCKER_TRY(e.containers().pause(ref));
      return sys::ok();
    });
  });
  auto* unpause = app.add_subcommand("unpause", "Unpause all processes within containers");
  auto urefs = std::make_shared<Refs>();
  unpause->add_option("CONTAINER", *urefs)->required();
  unpause->callback([&ctx, urefs] {
    for_each_ref(ctx, *urefs, [](engine::Engine& e, const std::string& ref) -> sys::Status {
      MOCKER_TRY(e.containers().unpause(ref));
      return sys::ok();
    });
  });
}

void add_restart(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("restart", "Restart containers: stop (as mocker stop does), then start");
  auto refs = std::make_shared<Refs>();
  auto timeout = std::make_shared<int>(-1);
  cmd->add_option("CONTAINER", *refs)->required();
  cmd->add_option("-t,--time", *timeout, "Seconds to wait for the stop before SIGKILL");
  cmd->callback([&ctx, refs, timeout] {
    std::optional<int> t = *timeout >= 0 ? std::optional<int>(*timeout) : std::nullopt;
    for_each_ref(ctx, *refs, [t](engine::Engine& e, const std::string& ref) -> sys::Status {
      MOCKER_TRY(e.containers().restart(ref, t));
      return sys::ok();
    });
  });
}

void add_rename(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("rename", "Rename a container");
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  cmd->add_option("CONTAINER", *from)->required();
  cmd->add_option("NEW_NAME", *to)->required();
  cmd->callback([&ctx, from, to] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      return e->containers().rename(*from, *to);
    });
  });
}

struct UpdateFlags {
  std::string memory, memory_swap, memory_reservation, cpuset_cpus, cpuset_mems;
  std::optional<double> cpus;
  std::optional<uint64_t> cpu_shares;
  std::optional<int64_t> pids_limit;
};

// "-1" is unlimited, as docker takes it for the memory flags.
sys::Status parse_bytes(const std::string& flag, const std::string& text, std::optional<int64_t>& out) {
  if (text.empty()) return sys::ok();
  if (text == "-1") {
    out = -1;
    return sys::ok();
  }
  uint64_t bytes = engine::storage::parse_size(text);
  if (bytes == 0) return sys::Error::invalid("parse " + flag, text, "expected a size like 64m or 1g, or -1");
  out = static_cast<int64_t>(bytes);
  return sys::ok();
}

sys::Result<engine::cgroup::Limits> update_limits(const UpdateFlags& f) {
  engine::cgroup::Limits l;
  MOCKER_TRY(parse_bytes("--memory", f.memory, l.memory_bytes));
  MOCKER_TRY(parse_bytes("--memory-swap", f.memory_swap, l.memory_swap_bytes));
  MOCKER_TRY(parse_bytes("--memory-reservation", f.memory_reservation, l.memory_reservation_bytes));
  l.cpus = f.cpus;
  l.cpu_shares = f.cpu_shares;
  l.pids_max = f.pids_limit;
  if (!f.cpuset_cpus.empty()) l.cpuset_cpus = f.cpuset_cpus;
  if (!f.cpuset_mems.empty()) l.cpuset_mems = f.cpuset_mems;
  bool any = l.memory_bytes || l.memory_swap_bytes || l.memory_reservation_bytes || l.cpus || l.cpu_shares ||
             l.pids_max || l.cpuset_cpus || l.cpuset_mems;
  if (!any) return sys::Error::invalid("update", "limits", "you must provide one or more flags when using this command");
  return l;
}

void add_update(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("update", "Update resource limits of containers (running or not)");
  auto refs = std::make_shared<Refs>();
  auto f = std::make_shared<UpdateFlags>();
  cmd->add_option("CONTAINER", *refs)->required();
  cmd->add_option("-m,--memory", f->memory, "Memory limit (e.g. 64m, 1g; -1 unlimited)");
  cmd->add_option("--memory-swap", f->memory_swap, "Memory + swap limit (-1 unlimited)");
  cmd->add_option("--memory-reservation", f->memory_reservation, "Memory soft limit");
  cmd->add_option("--cpus", f->cpus, "Number of CPUs (0: no quota)");
  cmd->add_option("-c,--cpu-shares", f->cpu_shares, "CPU shares (relative weight)");
  cmd->add_option("--pids-limit", f->pids_limit, "Maximum number of tasks (-1 unlimited)");
  cmd->add_option("--cpuset-cpus", f->cpuset_cpus, "CPUs allowed (e.g. 0-1)");
  cmd->add_option("--cpuset-mems", f->cpuset_mems, "Memory nodes allowed");
  cmd->callback([&ctx, refs, f] {
    auto limits = update_limits(*f);
    if (!limits) {
      std::cerr << "mocker: " << limits.error().render_long() << "\n";
      ctx.exit_code = 1;
      return;
    }
    for_each_ref(ctx, *refs, [&](engine::Engine& e, const std::string& ref) -> sys::Status {
      auto warnings = MOCKER_TRY(e.containers().update(ref, *limits));
      for (const auto& w : warnings) std::cerr << "mocker: warning: " << w << "\n";
      return sys::ok();
    });
  });
}

}  // namespace

void register_manage_commands(CLI::App& app, Context& ctx) {
  add_pause(app, ctx);
  add_restart(app, ctx);
  add_rename(app, ctx);
  add_update(app, ctx);
}

}  // namespace mocker::cli
