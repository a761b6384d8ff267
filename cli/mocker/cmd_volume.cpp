// mocker volume create / ls / inspect / rm: named volumes (btrfs subvolumes).
#include "context.hpp"

#include <mocker/cli/output.hpp>
#include <mocker/volume/volumes.hpp>

#include <iostream>

namespace mocker::cli {

namespace sys = engine::sys;
namespace volume = engine::volume;

namespace {

volume::Volumes volumes_of(engine::Engine& e) { return volume::Volumes(e.store(), e.records()); }

nlohmann::json volume_json(const volume::Volume& v) {
  return {{"name", v.name}, {"driver", "local"}, {"mountpoint", v.mountpoint}, {"labels", v.labels},
          {"created", v.created}};
}

// Containers (by name) whose mounts use the volume; rm refuses while there are any.
sys::Result<std::vector<std::string>> users_of(engine::Engine& e, const volume::Volume& v) {
  std::vector<std::string> users;
  for (const auto& c : MOCKER_TRY(e.containers().list(true, {})))
    for (const auto& m : c.spec.mounts)
      if (m.source == v.mountpoint) users.push_back(c.name);
  return users;
}

void add_create(CLI::App& parent, Context& ctx) {
  auto* cmd = parent.add_subcommand("create", "Create a named volume");
  auto name = std::make_shared<std::string>();
  auto labels = std::make_shared<std::vector<std::string>>();
  cmd->add_option("-l,--label", *labels, "Set a label KEY=VALUE")->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  cmd->add_option("NAME", *name)->required();
  cmd->callback([&ctx, name, labels] {
    run_command(ctx, [&]() -> sys::Status {
      volume::VolumeSpec spec{*name, {}};
      for (const auto& l : *labels) {
        auto eq = l.find('=');
        spec.labels[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
      }
      auto* e = MOCKER_TRY(ctx.engine());
      auto v = MOCKER_TRY(volumes_of(*e).create(spec));
      std::cout << v.name << "\n";
      return sys::ok();
    });
  });
}

void add_ls(CLI::App& parent, Context& ctx) {
  auto* cmd = parent.add_subcommand("ls", "List volumes");
  cmd->alias("list");
  auto format = std::make_shared<std::string>("table");
  auto quiet = std::make_shared<bool>(false);
  cmd->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->add_flag("-q,--quiet", *quiet, "Only names");
  cmd->callback([&ctx, format, quiet] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto list = MOCKER_TRY(volumes_of(*e).list());
      if (*format == "json") {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& v : list) out.push_back(volume_json(v));
        std::cout << out.dump() << "\n";
        return sys::ok();
      }
      if (*quiet) {
        for (const auto& v : list) std::cout << v.name << "\n";
        return sys::ok();
      }
      Table table({"DRIVER", "VOLUME NAME"});
      for (const auto& v : list) table.add({"local", v.name});
      std::cout << table.render();
      return sys::ok();
    });
  });
}

void add_inspect_rm(CLI::App& parent, Context& ctx) {
  auto* inspect = parent.add_subcommand("inspect", "Show volumes as JSON");
  auto names = std::make_shared<std::vector<std::string>>();
  inspect->add_option("NAME", *names)->required();
  inspect->callback([&ctx, names] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      nlohmann::json out = nlohmann::json::array();
      for (const auto& n : *names) out.push_back(volume_json(MOCKER_TRY(volumes_of(*e).get(n))));
      std::cout << out.dump(2) << "\n";
      return sys::ok();
    });
  });
  auto* rm = parent.add_subcommand("rm", "Remove volumes and their data");
  rm->alias("remove");
  auto rm_names = std::make_shared<std::vector<std::string>>();
  auto force = std::make_shared<bool>(false);
  rm->add_flag("-f,--force", *force, "No error for a volume that does not exist");
  rm->add_option("NAME", *rm_names)->required();
  rm->callback([&ctx, rm_names, force] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto vols = volumes_of(*e);
      for (const auto& n : *rm_names) {
        auto v = MOCKER_TRY(vols.find(n));
        if (!v) {
          if (*force) continue;
          return sys::Error::invalid("remove volume", n, "no such volume");
        }
        auto users = MOCKER_TRY(users_of(*e, *v));
        if (!users.empty())
          return sys::Error::invalid("remove volume", n, "volume is in use by container " + users.front());
        MOCKER_TRY(vols.remove(n));
        std::cout << n << "\n";
      }
      return sys::ok();
    });
  });
}

}  // namespace

sys::Status resolve_named_volumes(engine::Engine& engine, engine::container::CreateOptions& options) {
  for (auto& m : options.mounts) {
    if (m.type != "volume") continue;
    auto v = volumes_of(engine).ensure({m.source, {}});
    if (!v) return std::move(v).error().wrap("volume " + m.source);
    m.type = "bind";
    m.source = v->mountpoint;
  }
  return sys::ok();
}

void register_volume_commands(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("volume", "Manage named volumes");
  cmd->require_subcommand(1);
  add_create(*cmd, ctx);
  add_ls(*cmd, ctx);
  add_inspect_rm(*cmd, ctx);
}

}  // namespace mocker::cli
