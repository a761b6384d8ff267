#include <mocker/execute/translate.hpp>
#include <mocker/supervisor/labels.hpp>

#include <cmath>
#include <filesystem>
#include <limits>

namespace mocker::orchestrator::execute {
namespace {

namespace sys = engine::sys;
namespace container = engine::container;
using engine::runtime::Mount;

std::string where(const spec::Service& s, const std::string& attr) { return "services." + s.name + "." + attr; }

std::vector<std::string> environment(const spec::Service& s, const Resolved& r) {
  std::vector<std::string> env;
  for (const auto& [key, value] : s.environment) {
    if (value) {
      env.push_back(key + "=" + *value);
    } else if (auto it = r.process_environment.find(key); it != r.process_environment.end()) {
      env.push_back(key + "=" + it->second);
    }  // unset in the shell too: left out, as docker compose does
  }
  return env;
}

std::string publish_text(const spec::PortMapping& p) {
  std::string out;
  if (!p.host_ip.empty()) out += (p.host_ip.find(':') != std::string::npos ? "[" + p.host_ip + "]" : p.host_ip) + ":";
  if (p.published_start != 0) {
    out += std::to_string(p.published_start);
    if (p.published_end > p.published_start) out += "-" + std::to_string(p.published_end);
    out += ":";
  } else if (!p.host_ip.empty()) {
    out += ":";  // IP::CONTAINER, a random host port on that address
  }
  return out + std::to_string(p.target) + "/" + spec::to_string(p.protocol);
}

sys::Result<Mount> volume_mount(const spec::Service& s, const spec::VolumeMount& v, const Resolved& r,
                                Translation& t) {
  std::string mode = v.read_only ? "ro" : "rw";
  switch (v.type) {
    case spec::MountType::bind: {
      std::error_code ec;
      if (!std::filesystem::exists(v.source, ec)) {
        if (!v.bind || !v.bind->create_host_path)
          return sys::Error::invalid("bind mount", v.source, where(s, "volumes") + ": the host path does not exist");
        t.create_host_paths.push_back(v.source);
      }
      return Mount{"bind", v.source, v.target, {"rbind", mode}};
    }
    case spec::MountType::volume: {
      if (!r.volume_path) return sys::Error::invalid("volume", v.source, "no volume resolver");
      std::string key = v.source.empty() ? "anon:" + v.target : v.source;
      auto path = r.volume_path(key);
      if (!path) return std::move(path).error().wrap(where(s, "volumes"));
      return Mount{"bind", *path, v.target, {"rbind", mode}};
    }
    case spec::MountType::tmpfs: {
      Mount m{"tmpfs", "tmpfs", v.target, {"nosuid", "nodev"}};
      if (v.tmpfs && v.tmpfs->size) m.options.push_back("size=" + std::to_string(*v.tmpfs->size));
      if (v.tmpfs && v.tmpfs->mode) {
        char mode_text[16];
        std::snprintf(mode_text, sizeof mode_text, "mode=%o", *v.tmpfs->mode);
        m.options.push_back(mode_text);
      }
      return m;
    }
    default:
      return sys::Error::invalid("mount", v.target,
                                 where(s, "volumes") + ": type " + spec::to_string(v.type) + " is not supported");
  }
}

sys::Result<Mount> file_mount(const spec::Project& p, const spec::FileReference& ref, bool secret) {
  const auto& objects = secret ? p.secrets : p.configs;
  auto it = objects.find(ref.source);
  const char* kind = secret ? "secrets" : "configs";
  if (it == objects.end())
    return sys::Error::invalid(kind, ref.source, std::string("no top-level ") + kind + " entry of that name");
  if (it->second.file.empty())
    return sys::Error::invalid(kind, ref.source, "only file-based " + std::string(kind) + " are supported yet");
  std::string target = ref.target.empty() ? std::string(secret ? "/run/secrets/" : "/") + ref.source
                       : ref.target[0] == '/' ? ref.target
                                             : std::string(secret ? "/run/secrets/" : "/") + ref.target;
  return Mount{"bind", it->second.file, target, {"rbind", "ro"}};
}

sys::Status mounts(const spec::Project& p, const spec::Service& s, const Resolved& r, Translation& t) {
  auto& out = t.options.mounts;
  for (const auto& v : s.volumes) out.push_back(MOCKER_TRY(volume_mount(s, v, r, t)));
  for (const auto& text : s.tmpfs) out.push_back(container::tmpfs_mount(text));
  for (const auto& ref : s.secrets) out.push_back(MOCKER_TRY(file_mount(p, ref, true)));
  for (const auto& ref : s.configs) out.push_back(MOCKER_TRY(file_mount(p, ref, false)));
  return sys::ok();
}

void limits(const spec::Service& s, container::CreateOptions& o) {
  const spec::ResourceLimits* deploy =
      s.deploy && s.deploy->limits ? &*s.deploy->limits : nullptr;
  if (s.mem_limit) o.limits.memory_bytes = *s.mem_limit;
  else if (deploy && deploy->memory) o.limits.memory_bytes = *deploy->memory;
  if (s.cpus) o.limits.cpus = *s.cpus;
  else if (deploy && deploy->cpus) o.limits.cpus = *deploy->cpus;
  if (s.pids_limit) o.limits.pids_max = *s.pids_limit;
  else if (deploy && deploy->pids) o.limits.pids_max = *deploy->pids;
  if (s.mem_reservation) o.limits.memory_reservation_bytes = *s.mem_reservation;
  if (s.memswap_limit) o.limits.memory_swap_bytes = *s.memswap_limit;
  if (s.cpu_shares) o.limits.cpu_shares = uint64_t(*s.cpu_shares);
  if (!s.cpuset.empty()) o.limits.cpuset_cpus = s.cpuset;
  for (const auto& [name, u] : s.ulimits) {
    auto value = [](int64_t v) { return v < 0 ? std::numeric_limits<uint64_t>::max() : uint64_t(v); };
    o.ulimits.push_back({name, value(u.soft), value(u.hard)});
  }
}

sys::Status networking(const spec::Service& s, const Resolved& r, container::NetworkSettings& n,
                       std::vector<std::string>& warnings) {
  using Kind = spec::NetworkMode::Kind;
  Kind kind = s.network_mode ? s.network_mode->kind : Kind::bridge;
  switch (kind) {
    case Kind::none: n.kind = container::NetworkKind::none; break;
    case Kind::host: n.kind = container::NetworkKind::host; break;
    case Kind::service:
      if (r.network_parent_id.empty())
        return sys::Error::invalid("network_mode", s.network_mode->target, where(s, "network_mode") + ": service has no container");
      n.kind = container::NetworkKind::container;
      n.container = r.network_parent_id;
      break;
    case Kind::container:
      n.kind = container::NetworkKind::container;
      n.container = s.network_mode->target;
      break;
    case Kind::bridge: {
      n.kind = container::NetworkKind::bridge;
      for (const auto& [key, attachment] : s.networks) {
        auto it = r.network_names.find(key);
        if (it == r.network_names.end())
          return sys::Error::invalid("network", key, where(s, "networks") + ": network was not created");
        container::NetworkRequest req;
        req.network = it->second;
        req.aliases = attachment.aliases;
        req.aliases.insert(req.aliases.begin(), s.name);  // peers find a service by its name
        req.ip = attachment.ipv4_address;
        n.networks.push_back(std::move(req));
      }
      break;
    }
  }
  if (kind == Kind::bridge) {
    for (const auto& p : s.ports) n.publish.push_back(publish_text(p));
  } else if (!s.ports.empty()) {
    // Like docker compose: ports mean nothing without a network of the container's own.
    warnings.push_back(where(s, "ports") + " are ignored with network_mode " +
                       std::string(kind == Kind::host ? "host" : kind == Kind::none ? "none" : "service/container"));
  }
  if (kind != Kind::service && kind != Kind::container) {
    for (const auto& h : s.extra_hosts) n.extra_hosts.push_back(h.host + ":" + h.ip);
    n.dns = s.dns;
  }
  return sys::ok();
}

}  // namespace

std::vector<std::string> unsupported_attributes(const spec::Service& s) {
  std::vector<std::string> out;
  for (const auto& [path, value] : s.unsupported) out.push_back(where(s, path));
  auto add_if = [&](bool present, const char* attr) {
    if (present) out.push_back(where(s, attr));
  };
  add_if(s.privileged, "privileged");
  add_if(!s.security_opt.empty(), "security_opt");
  add_if(!s.sysctls.empty(), "sysctls");
  add_if(s.shm_size.has_value(), "shm_size");
  add_if(!s.dns_search.empty(), "dns_search");
  add_if(!s.dns_opt.empty(), "dns_opt");
  add_if(!s.volumes_from.empty(), "volumes_from");
  add_if(s.logging && !s.logging->driver.empty() && s.logging->driver != "json-file" && s.logging->driver != "local",
         "logging.driver");
  return out;
}

sys::Result<Translation> translate(const spec::Project& project, const spec::Service& s,
                                   const std::string& container_name,
                                   const std::map<std::string, std::string>& our_labels, const Resolved& r) {
  if (!s.image) return sys::Error::invalid("create", container_name, where(s, "image") + ": no image (build is not supported)");
  Translation t;
  auto& o = t.options;
  o.image = *s.image;
  o.name = container_name;
  o.entrypoint = s.entrypoint;
  if (s.command) o.cmd = *s.command;
  o.env = environment(s, r);
  o.workdir = s.working_dir;
  o.user = s.user;
  o.hostname = s.hostname;
  o.domainname = s.domainname;
  o.read_only = s.read_only;
  o.cap_add = s.cap_add;
  o.cap_drop = s.cap_drop;
  o.stop_signal = s.stop_signal;
  if (s.stop_grace_period)
    o.stop_timeout = int(std::ceil(std::chrono::duration<double>(*s.stop_grace_period).count()));
  o.tty = s.tty;
  o.stdin_open = s.stdin_open;
  o.labels = s.labels;
  for (const auto& [k, v] : our_labels) o.labels[k] = v;  // ours win: a user label cannot impersonate them
  o.labels.erase(supervisor::label::kRestart);
  o.labels.erase(supervisor::label::kHealthcheck);
  for (const auto& [k, v] : supervisor::policy_labels(s)) o.labels[k] = v;
  limits(s, o);
  MOCKER_TRY(mounts(project, s, r, t));
  MOCKER_TRY(networking(s, r, o.network, t.warnings));
  for (const auto& attr : unsupported_attributes(s)) t.warnings.push_back(attr + " is not supported yet and is ignored");
  return t;
}

}  // namespace mocker::orchestrator::execute
