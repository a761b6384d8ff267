#pragma once
// The flags of `mocker run` / `mocker create`, and their translation into
// the engine's CreateOptions.
#include <mocker/container/container.hpp>

#include <CLI/CLI.hpp>

#include <map>
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
  // Recorded as the container's policy labels (see run_policy.cpp).
  std::string restart = "no";
  std::string health_cmd, health_interval, health_timeout, health_start_period;
  int64_t health_retries = 0;
  bool no_healthcheck = false;
  bool publish_all = false;  // -P: every port the image exposes, on any free host port
  bool init = false;         // accepted: mocker-init is always PID 1
  std::string platform;
  std::vector<std::string> env, env_files, volumes, tmpfs, ulimits, cap_add, cap_drop, labels;
  std::string image;
  std::vector<std::string> command;  // everything after IMAGE, in order (CLI::App::remaining)
};

// Adds the flags shared by run and create; `run` adds -d and --rm.
void add_run_flags(CLI::App& cmd, RunFlags& f, bool is_run);

engine::sys::Result<engine::container::CreateOptions> to_create_options(const RunFlags& f);

// --restart and --health-*: the labels a supervisor reads the container's
// policy from (the same as a compose service's); none for the defaults.
engine::sys::Result<std::map<std::string, std::string>> policy_labels(const RunFlags& f);

// --platform: empty or the host's ("linux/amd64" on x86-64); others cannot run here.
engine::sys::Status check_platform(const std::string& platform);
std::string host_architecture();  // amd64, arm64, ... as images name it

}  // namespace mocker::cli
