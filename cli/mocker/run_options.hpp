#pragma once
// The flags of `mocker run` / `mocker create`, and their translation into
// the engine's CreateOptions.
#include <mocker/container/container.hpp>

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mocker::cli {

struct RunFlags {
  bool detach = false, rm = false, read_only = false, interactive = false, tty = false;
  std::string name, workdir, user, hostname, entrypoint, memory, stop_signal, network = "bridge";
  std::string ip, mac_address;
  std::vector<std::string> network_aliases, publish, add_hosts, dns;
  bool entrypoint_set = false;
  double cpus = 0;
  int64_t pids_limit = 0;
  int stop_timeout = 10;
  std::string cpuset_cpus;
  std::vector<std::string> env, env_files, volumes, tmpfs, ulimits, cap_add, cap_drop, labels;
  std::string image;
  std::vector<std::string> command;  // everything after IMAGE, in order (CLI::App::remaining)
};

// Adds the flags shared by run and create; `run` adds -d and --rm.
void add_run_flags(CLI::App& cmd, RunFlags& f, bool is_run);

engine::sys::Result<engine::container::CreateOptions> to_create_options(const RunFlags& f);

}  // namespace mocker::cli
