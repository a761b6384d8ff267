// mocker-compose stats: cgroup usage of the services' running containers, once.
#include "command.hpp"
#include "session.hpp"

#include <mocker/cli/output.hpp>

#include <iostream>
#include <memory>

namespace mocker::cli::compose {
namespace {

namespace sys = engine::sys;

struct StatsOptions {
  std::vector<std::string> services;
  std::string format = "table";
  bool all = false;
};

sys::Status print_stats(Session& s, const StatsOptions& o) {
  Table t({"CONTAINER ID", "NAME", "CPU TIME", "MEM USAGE / LIMIT", "PIDS"});
  for (const auto& c : MOCKER_TRY(s.containers(o.all, o.services))) {
    engine::cgroup::Stats st;
    if (c.state.status == engine::container::Status::running) st = MOCKER_TRY(s.engine->containers().stats(c.id));
    std::string limit = st.memory_limit_bytes == engine::cgroup::Stats::unlimited ? "unlimited" : human_size(st.memory_limit_bytes);
    if (o.format == "json") {
      // One object per line, as docker compose prints --format json.
      std::cout << nlohmann::json{{"ID", c.id.substr(0, 12)}, {"Name", c.name}, {"CPUUsageNs", st.cpu_usage_ns},
                                  {"MemUsageBytes", st.memory_usage_bytes}, {"MemLimitBytes", st.memory_limit_bytes},
                                  {"PIDs", st.pids_current}}.dump() << "\n";
      continue;
    }
    t.add({c.id.substr(0, 12), c.name, std::to_string(st.cpu_usage_ns / 1000000) + "ms",
           human_size(st.memory_usage_bytes) + " / " + limit, std::to_string(st.pids_current)});
  }
  if (o.format != "json") std::cout << t.render();
  return sys::ok();
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("stats", "Resource usage of the services' containers (printed once)");
  auto o = std::make_shared<StatsOptions>();
  auto no_stream = std::make_shared<bool>(true);
  cmd->add_option("SERVICE", o->services, "Services (default: all)");
  cmd->add_flag("-a,--all", o->all, "Show all containers (default: running)");
  cmd->add_flag("--no-stream", *no_stream, "Print once (the only mode)");
  cmd->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}));
  return [&global, o] {
    auto session = open_session(global, false);
    if (!session) return kExitFailure;
    if (auto st = print_stats(*session, *o); !st) return fail(st.error());
    return kExitOk;
  };
}

const Registration registration{"stats", setup};

}  // namespace
}  // namespace mocker::cli::compose
