#include "run_options.hpp"

#include <mocker/storage/store.hpp>
#include <mocker/sys/fd.hpp>

#include <cstdlib>
#include <sstream>

namespace mocker::cli {

namespace sys = engine::sys;
namespace container = engine::container;

namespace {
// -e A -e B: one value per occurrence, so `-l k=v IMAGE` does not swallow IMAGE.
CLI::Option* repeatable(CLI::Option* o) {
  return o->expected(1)->allow_extra_args(false)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
}
}  // namespace

void add_run_flags(CLI::App& cmd, RunFlags& f, bool is_run) {
  if (is_run) {
    cmd.add_flag("-d,--detach", f.detach, "Run in the background and print the container id");
    cmd.add_flag("--rm", f.rm, "Remove the container when it exits");
  }
  cmd.add_option("--name", f.name, "Container name");
  repeatable(cmd.add_option("-e,--env", f.env, "Set an environment variable (KEY=VALUE, or KEY to pass it from here)"));
  repeatable(cmd.add_option("--env-file", f.env_files, "Read environment variables from a file"));
  cmd.add_option("-w,--workdir", f.workdir, "Working directory inside the container");
  cmd.add_option("-u,--user", f.user, "USER[:GROUP] (name or id)");
  cmd.set_help_flag("--help", "Print this help message and exit");  // -h is --hostname, as in docker
  cmd.add_option("-h,--hostname", f.hostname, "Container host name");
  cmd.add_option("--entrypoint", f.entrypoint, "Override the image's entrypoint")->each([&f](const std::string&) { f.entrypoint_set = true; });
  repeatable(cmd.add_option("-v,--volume", f.volumes, "Bind mount HOST:CONTAINER[:ro|rw]"));
  repeatable(cmd.add_option("--tmpfs", f.tmpfs, "Mount a tmpfs: PATH[:OPTIONS]"));
  cmd.add_flag("--read-only", f.read_only, "Mount the root filesystem read-only");
  cmd.add_option("-m,--memory", f.memory, "Memory limit (e.g. 64m, 1g)");
  cmd.add_option("--cpus", f.cpus, "Number of CPUs (e.g. 0.5)");
  cmd.add_option("--pids-limit", f.pids_limit, "Maximum number of tasks");
  cmd.add_option("--cpuset-cpus", f.cpuset_cpus, "CPUs allowed (e.g. 0-1)");
  repeatable(cmd.add_option("--ulimit", f.ulimits, "NAME=SOFT[:HARD], e.g. nofile=1024:2048"));
  repeatable(cmd.add_option("--cap-add", f.cap_add, "Add a capability"));
  repeatable(cmd.add_option("--cap-drop", f.cap_drop, "Drop a capability"));
  cmd.add_option("--restart", f.restart, "Restart policy: no, always, unless-stopped or on-failure[:N] (recorded on the container)");
  cmd.add_flag("-P,--publish-all", f.publish_all, "Publish every port the image exposes on a free host port");
  cmd.add_flag("--init", f.init, "Accepted for compatibility: mocker-init is always PID 1, the workload never is");
  cmd.add_option("--health-cmd", f.health_cmd, "Command to check health (run with /bin/sh -c)");
  cmd.add_option("--health-interval", f.health_interval, "Time between checks (e.g. 30s)");
  cmd.add_option("--health-timeout", f.health_timeout, "Longest a check may run (e.g. 30s)");
  cmd.add_option("--health-retries", f.health_retries, "Consecutive failures that make it unhealthy");
  cmd.add_option("--health-start-period", f.health_start_period, "Time to start before failures count (e.g. 5s)");
  cmd.add_flag("--no-healthcheck", f.no_healthcheck, "Disable any healthcheck");
  cmd.add_option("--platform", f.platform, "Platform of the image: only the host's (linux/amd64 on x86-64)");
  cmd.add_option("--stop-signal", f.stop_signal, "Signal that stops the container (default SIGTERM)");
  cmd.add_option("--stop-timeout", f.stop_timeout, "Seconds to wait before SIGKILL on stop");
  repeatable(cmd.add_option("-l,--label", f.labels, "Set a label KEY=VALUE"));
  cmd.add_flag("-i,--interactive", f.interactive, "Keep stdin open");
  cmd.add_flag("-t,--tty", f.tty, "Allocate a terminal");
  cmd.add_option("--network,--net", f.network, "bridge (default), NAME, host, none or container:NAME|ID");
  repeatable(cmd.add_option("--network-alias", f.network_aliases, "Another name for the container on its network"));
  cmd.add_option("--ip", f.ip, "IPv4 address on the network (default: the next free one)");
  cmd.add_option("--mac-address", f.mac_address, "MAC address (default: derived from the IP)");
  repeatable(cmd.add_option("-p,--publish", f.publish, "Publish a port: [IP:][HOST:]CONTAINER[/tcp|udp], ranges as 8000-8001:80-81"));
  repeatable(cmd.add_option("--add-host", f.add_hosts, "Add NAME:IP to /etc/hosts"));
  repeatable(cmd.add_option("--dns", f.dns, "Nameserver for the container (default: the network's DNS server)"));
  cmd.add_option("IMAGE", f.image, "Image (the command and its arguments follow it)")->required();
  cmd.prefix_command();  // everything after IMAGE belongs to the container's command
}

namespace {

sys::Result<std::vector<std::string>> env_from_file(const std::string& path) {
  std::string text = MOCKER_TRY(sys::read_file(path));
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    if (line.find('=') == 0) return sys::Error::invalid("read env file", path + ":" + std::to_string(n), "variable name is empty");
    out.push_back(line);
  }
  return out;
}

std::string env_entry(const std::string& e) {
  if (e.find('=') != std::string::npos) return e;
  const char* v = std::getenv(e.c_str());  // docker: -e KEY passes the caller's value
  return v ? e + "=" + v : "";
}

sys::Result<engine::runtime::Mount> bind_mount(const std::string& spec) {
  std::vector<std::string> parts;
  std::stringstream ss(spec);
  std::string p;
  while (std::getline(ss, p, ':')) parts.push_back(p);
  if (parts.size() < 2 || parts.size() > 3)
    return sys::Error::invalid("parse --volume", spec, "expected HOST:CONTAINER[:ro|rw]");
  std::string mode = parts.size() == 3 ? parts[2] : "rw";
  if (mode != "ro" && mode != "rw") return sys::Error::invalid("parse --volume", spec, "mode must be ro or rw, got \"" + mode + "\"");
  if (parts[0].empty() || parts[0][0] == '.')
    return sys::Error::invalid("parse --volume", spec, "the host path must be absolute, or a volume name");
  // NAME:/path is a named volume, made on first use; resolve_named_volumes turns it into a bind.
  const char* type = parts[0][0] == '/' ? "bind" : "volume";
  return engine::runtime::Mount{type, parts[0], parts[1], {"rbind", mode}};
}

sys::Result<engine::runtime::Rlimit> rlimit(const std::string& spec) {
  auto eq = spec.find('=');
  auto bad = [&] { return sys::Error::invalid("parse --ulimit", spec, "expected NAME=SOFT[:HARD]"); };
  if (eq == std::string::npos) return bad();
  std::string values = spec.substr(eq + 1);
  auto colon = values.find(':');
  try {
    uint64_t soft = std::stoull(values.substr(0, colon));
    uint64_t hard = colon == std::string::npos ? soft : std::stoull(values.substr(colon + 1));
    if (soft > hard) return sys::Error::invalid("parse --ulimit", spec, "soft limit is above the hard limit");
    return engine::runtime::Rlimit{spec.substr(0, eq), soft, hard};
  } catch (...) {
    return bad();
  }
}

// --network: none, host, container:REF, or a network (bridge is the default one).
container::NetworkSettings network_settings(const RunFlags& f) {
  container::NetworkSettings n;
  if (f.network == "none") n.kind = container::NetworkKind::none;
  else if (f.network == "host") n.kind = container::NetworkKind::host;
  else if (f.network.starts_with("container:")) {
    n.kind = container::NetworkKind::container;
    n.container = f.network.substr(std::string("container:").size());
  } else {
    n.kind = container::NetworkKind::bridge;
    n.networks.push_back({f.network, "", f.network_aliases, f.ip, f.mac_address});
  }
  // Options that do not fit the mode are refused by the engine, not dropped here.
  if (n.kind != container::NetworkKind::bridge && (!f.network_aliases.empty() || !f.ip.empty() || !f.mac_address.empty()))
    n.networks.push_back({f.network, "", f.network_aliases, f.ip, f.mac_address});
  n.publish = f.publish;
  n.extra_hosts = f.add_hosts;
  n.dns = f.dns;
  return n;
}

}  // namespace

sys::Result<container::CreateOptions> to_create_options(const RunFlags& f) {
  container::CreateOptions o;
  o.image = f.image;
  o.cmd = f.command;
  o.name = f.name;
  for (const auto& file : f.env_files) {
    auto more = MOCKER_TRY(env_from_file(file));
    o.env.insert(o.env.end(), more.begin(), more.end());
  }
  for (const auto& e : f.env)
    if (auto entry = env_entry(e); !entry.empty()) o.env.push_back(entry);
  o.workdir = f.workdir;
  o.user = f.user;
  o.hostname = f.hostname;
  if (f.entrypoint_set) o.entrypoint = f.entrypoint.empty() ? std::vector<std::string>{} : std::vector<std::string>{f.entrypoint};
  for (const auto& v : f.volumes) o.mounts.push_back(MOCKER_TRY(bind_mount(v)));
  for (const auto& t : f.tmpfs) o.mounts.push_back(container::tmpfs_mount(t));
  o.read_only = f.read_only;
  if (!f.memory.empty()) {
    uint64_t bytes = engine::storage::parse_size(f.memory);
    if (bytes == 0) return sys::Error::invalid("parse --memory", f.memory, "expected a size like 64m or 1g");
    o.limits.memory_bytes = static_cast<int64_t>(bytes);
  }
  if (f.cpus != 0) o.limits.cpus = f.cpus;  // 0: no limit; anything else is checked by the engine
  if (f.pids_limit != 0) o.limits.pids_max = f.pids_limit;
  if (!f.cpuset_cpus.empty()) o.limits.cpuset_cpus = f.cpuset_cpus;
  for (const auto& u : f.ulimits) o.ulimits.push_back(MOCKER_TRY(rlimit(u)));
  o.cap_add = f.cap_add;
  o.cap_drop = f.cap_drop;
  o.stop_signal = f.stop_signal;
  o.stop_timeout = f.stop_timeout;
  for (const auto& l : f.labels) {
    auto eq = l.find('=');
    o.labels[l.substr(0, eq)] = eq == std::string::npos ? "" : l.substr(eq + 1);
  }
  o.tty = f.tty;
  o.stdin_open = f.interactive;
  o.auto_remove = f.rm;
  o.network = network_settings(f);
  MOCKER_TRY(check_platform(f.platform));
  for (auto& [k, v] : MOCKER_TRY(policy_labels(f))) o.labels[k] = v;
  return o;
}

}  // namespace mocker::cli
