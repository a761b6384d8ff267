// The model back to compose attributes, in a form the loader reads back unchanged.
#include <mocker/spec/serialize.hpp>
#include <mocker/spec/units.hpp>

#include <cstdio>

namespace mocker::orchestrator::spec {

namespace {

using json = nlohmann::json;

std::string octal(uint32_t mode) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0%o", mode);
  return buf;
}

void put_string(json& o, const char* key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

template <class T>
void put_opt(json& o, const char* key, const std::optional<T>& v) {
  if (v) o[key] = *v;
}

void put_duration(json& o, const char* key, const std::optional<Duration>& d) {
  if (d) o[key] = format_duration(*d);
}

template <class C>
void put_list(json& o, const char* key, const C& list) {
  if (!list.empty()) o[key] = list;
}

json port_json(const PortMapping& p) {
  json o = json::object();
  o["target"] = p.target;
  if (p.published_start != 0) o["published"] = format_port_range(p.published_start, p.published_end);
  put_string(o, "host_ip", p.host_ip);
  o["protocol"] = to_string(p.protocol);
  put_string(o, "mode", p.mode);
  put_string(o, "name", p.name);
  put_string(o, "app_protocol", p.app_protocol);
  return o;
}

json volume_json(const VolumeMount& v) {
  json o = json::object();
  o["type"] = to_string(v.type);
  put_string(o, "source", v.source);
  o["target"] = v.target;
  if (v.read_only) o["read_only"] = true;
  put_string(o, "consistency", v.consistency);
  if (v.bind) {
    json b = json::object();
    put_string(b, "propagation", v.bind->propagation);
    b["create_host_path"] = v.bind->create_host_path;
    put_string(b, "selinux", v.bind->selinux);
    o["bind"] = b;
  }
  if (v.volume) {
    json b = json::object();
    if (v.volume->nocopy) b["nocopy"] = true;
    put_string(b, "subpath", v.volume->subpath);
    o["volume"] = b;
  }
  if (v.tmpfs) {
    json b = json::object();
    put_opt(b, "size", v.tmpfs->size);
    if (v.tmpfs->mode) b["mode"] = octal(*v.tmpfs->mode);
    o["tmpfs"] = b;
  }
  return o;
}

json limits_json(const ResourceLimits& l) {
  json o = json::object();
  put_opt(o, "cpus", l.cpus);
  put_opt(o, "memory", l.memory);
  put_opt(o, "pids", l.pids);
  return o;
}

json deploy_json(const Deploy& d) {
  json o = json::object();
  put_string(o, "mode", d.mode);
  put_opt(o, "replicas", d.replicas);
  if (d.limits || d.reservations) {
    json r = json::object();
    if (d.limits) r["limits"] = limits_json(*d.limits);
    if (d.reservations) r["reservations"] = limits_json(*d.reservations);
    o["resources"] = r;
  }
  if (d.restart_policy) {
    json r = json::object();
    put_string(r, "condition", d.restart_policy->condition);
    put_duration(r, "delay", d.restart_policy->delay);
    put_opt(r, "max_attempts", d.restart_policy->max_attempts);
    put_duration(r, "window", d.restart_policy->window);
    o["restart_policy"] = r;
  }
  put_list(o, "labels", d.labels);
  return o;
}

std::string restart_text(const RestartPolicy& r) {
  switch (r.mode) {
    case RestartPolicy::Mode::no: return "no";
    case RestartPolicy::Mode::always: return "always";
    case RestartPolicy::Mode::unless_stopped: return "unless-stopped";
    case RestartPolicy::Mode::on_failure:
      return r.max_retries ? "on-failure:" + std::to_string(*r.max_retries) : "on-failure";
  }
  return "no";
}

std::string network_mode_text(const NetworkMode& m) {
  switch (m.kind) {
    case NetworkMode::Kind::bridge: return "bridge";
    case NetworkMode::Kind::host: return "host";
    case NetworkMode::Kind::none: return "none";
    case NetworkMode::Kind::service: return "service:" + m.target;
    case NetworkMode::Kind::container: return "container:" + m.target;
  }
  return "bridge";
}

json file_refs_json(const std::vector<FileReference>& refs) {
  json a = json::array();
  for (const auto& r : refs) {
    json o = json::object();
    o["source"] = r.source;
    o["target"] = r.target;
    put_string(o, "uid", r.uid);
    put_string(o, "gid", r.gid);
    if (r.mode) o["mode"] = octal(*r.mode);
    a.push_back(o);
  }
  return a;
}

// Puts a kept-but-unmodelled attribute back where it was ("deploy.placement",
// "networks.front.mac_address"; network names may themselves contain dots).
void put_raw(json& o, const std::string& key, const json& value) {
  if (key.rfind("networks.", 0) == 0) {
    size_t last = key.rfind('.');
    std::string net = key.substr(9, last - 9);
    json& n = o["networks"][net];
    if (n.is_null()) n = json::object();
    n[key.substr(last + 1)] = value;
    return;
  }
  json* at = &o;
  size_t start = 0;
  for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
    json& next = (*at)[key.substr(start, dot - start)];
    if (!next.is_object()) next = json::object();
    at = &next;
    start = dot + 1;
  }
  (*at)[key.substr(start)] = value;
}

void put_bags(json& o, const RawAttributes& unsupported, const RawAttributes& extensions) {
  for (const auto& [k, v] : unsupported) put_raw(o, k, v);
  for (const auto& [k, v] : extensions) o[k] = v;
}

json network_json(const Network& n) {
  json o = json::object();
  o["name"] = n.name;
  put_string(o, "driver", n.driver);
  put_list(o, "driver_opts", n.driver_opts);
  if (n.external) o["external"] = true;
  if (n.internal) o["internal"] = true;
  if (n.attachable) o["attachable"] = true;
  put_opt(o, "enable_ipv4", n.enable_ipv4);
  put_opt(o, "enable_ipv6", n.enable_ipv6);
  if (!n.ipam_driver.empty() || !n.ipam_config.empty() || !n.ipam_options.empty()) {
    json ipam = json::object();
    put_string(ipam, "driver", n.ipam_driver);
    put_list(ipam, "options", n.ipam_options);
    if (!n.ipam_config.empty()) {
      json pools = json::array();
      for (const auto& p : n.ipam_config) {
        json pool = json::object();
        put_string(pool, "subnet", p.subnet);
        put_string(pool, "ip_range", p.ip_range);
        put_string(pool, "gateway", p.gateway);
        put_list(pool, "aux_addresses", p.aux_addresses);
        pools.push_back(pool);
      }
      ipam["config"] = pools;
    }
    o["ipam"] = ipam;
  }
  put_list(o, "labels", n.labels);
  put_bags(o, n.unsupported, n.extensions);
  return o;
}

json volume_json(const Volume& v) {
  json o = json::object();
  o["name"] = v.name;
  put_string(o, "driver", v.driver);
  put_list(o, "driver_opts", v.driver_opts);
  if (v.external) o["external"] = true;
  put_list(o, "labels", v.labels);
  for (const auto& [k, e] : v.extensions) o[k] = e;
  return o;
}

json file_object_json(const FileObject& f) {
  json o = json::object();
  o["name"] = f.name;
  put_string(o, "file", f.file);
  put_string(o, "environment", f.environment);
  put_opt(o, "content", f.content);
  if (f.external) o["external"] = true;
  put_list(o, "labels", f.labels);
  put_bags(o, f.unsupported, f.extensions);
  return o;
}

}  // namespace

nlohmann::json to_json(const Service& s) {
  json o = json::object();
  put_opt(o, "image", s.image);
  put_opt(o, "command", s.command);
  put_opt(o, "entrypoint", s.entrypoint);
  if (!s.environment.empty()) {
    json env = json::object();
    for (const auto& [k, v] : s.environment) env[k] = v ? json(*v) : json(nullptr);
    o["environment"] = env;
  }
  if (!s.env_file.empty()) {
    json a = json::array();
    for (const auto& f : s.env_file) {
      json e = {{"path", f.path}, {"required", f.required}};
      put_string(e, "format", f.format);
      a.push_back(e);
    }
    o["env_file"] = a;
  }
  if (!s.ports.empty()) {
    json a = json::array();
    for (const auto& p : s.ports) a.push_back(port_json(p));
    o["ports"] = a;
  }
  if (!s.expose.empty()) {
    json a = json::array();
    for (const auto& p : s.expose)
      a.push_back(std::to_string(p.target) + (p.protocol == Protocol::tcp ? "" : std::string("/") + to_string(p.protocol)));
    o["expose"] = a;
  }
  if (!s.volumes.empty()) {
    json a = json::array();
    for (const auto& v : s.volumes) a.push_back(volume_json(v));
    o["volumes"] = a;
  }
  put_list(o, "tmpfs", s.tmpfs);
  if (!s.networks.empty()) {
    json nets = json::object();
    for (const auto& [name, n] : s.networks) {
      json e = json::object();
      put_list(e, "aliases", n.aliases);
      put_string(e, "ipv4_address", n.ipv4_address);
      put_string(e, "ipv6_address", n.ipv6_address);
      put_opt(e, "priority", n.priority);
      nets[name] = e.empty() ? json(nullptr) : e;
    }
    o["networks"] = nets;
  }
  if (s.network_mode) o["network_mode"] = network_mode_text(*s.network_mode);
  if (!s.depends_on.empty()) {
    json deps = json::object();
    for (const auto& [name, d] : s.depends_on)
      deps[name] = {{"condition", to_string(d.condition)}, {"required", d.required}, {"restart", d.restart}};
    o["depends_on"] = deps;
  }
  if (s.healthcheck) {
    json h = json::object();
    put_list(h, "test", s.healthcheck->test);
    put_duration(h, "interval", s.healthcheck->interval);
    put_duration(h, "timeout", s.healthcheck->timeout);
    put_duration(h, "start_period", s.healthcheck->start_period);
    put_duration(h, "start_interval", s.healthcheck->start_interval);
    put_opt(h, "retries", s.healthcheck->retries);
    o["healthcheck"] = h;
  }
  if (s.restart) o["restart"] = restart_text(*s.restart);
  if (s.deploy) o["deploy"] = deploy_json(*s.deploy);
  put_opt(o, "mem_limit", s.mem_limit);
  put_opt(o, "mem_reservation", s.mem_reservation);
  put_opt(o, "memswap_limit", s.memswap_limit);
  put_opt(o, "shm_size", s.shm_size);
  put_opt(o, "cpus", s.cpus);
  put_opt(o, "cpu_shares", s.cpu_shares);
  put_opt(o, "pids_limit", s.pids_limit);
  put_string(o, "cpuset", s.cpuset);
  if (!s.ulimits.empty()) {
    json u = json::object();
    for (const auto& [name, l] : s.ulimits)
      u[name] = l.soft == l.hard ? json(l.soft) : json{{"soft", l.soft}, {"hard", l.hard}};
    o["ulimits"] = u;
  }
  put_string(o, "user", s.user);
  put_string(o, "working_dir", s.working_dir);
  put_string(o, "hostname", s.hostname);
  put_string(o, "domainname", s.domainname);
  if (!s.extra_hosts.empty()) {
    json a = json::array();
    for (const auto& h : s.extra_hosts) a.push_back(h.host + "=" + h.ip);
    o["extra_hosts"] = a;
  }
  put_list(o, "dns", s.dns);
  put_list(o, "dns_search", s.dns_search);
  put_list(o, "dns_opt", s.dns_opt);
  put_opt(o, "init", s.init);
  put_string(o, "stop_signal", s.stop_signal);
  put_duration(o, "stop_grace_period", s.stop_grace_period);
  if (s.read_only) o["read_only"] = true;
  if (s.privileged) o["privileged"] = true;
  if (s.tty) o["tty"] = true;
  if (s.stdin_open) o["stdin_open"] = true;
  put_list(o, "cap_add", s.cap_add);
  put_list(o, "cap_drop", s.cap_drop);
  put_list(o, "security_opt", s.security_opt);
  put_list(o, "sysctls", s.sysctls);
  put_list(o, "labels", s.labels);
  if (s.logging) {
    json l = json::object();
    put_string(l, "driver", s.logging->driver);
    put_list(l, "options", s.logging->options);
    o["logging"] = l;
  }
  put_opt(o, "scale", s.scale);
  put_string(o, "container_name", s.container_name);
  put_list(o, "links", s.links);
  put_list(o, "volumes_from", s.volumes_from);
  if (!s.secrets.empty()) o["secrets"] = file_refs_json(s.secrets);
  if (!s.configs.empty()) o["configs"] = file_refs_json(s.configs);
  put_list(o, "profiles", s.profiles);
  put_string(o, "pull_policy", s.pull_policy);
  put_bags(o, s.unsupported, s.extensions);
  return o;
}

nlohmann::json to_json(const Project& p) {
  json o = json::object();
  o["name"] = p.name;
  json services = json::object();
  for (const auto& [name, s] : p.services) services[name] = to_json(s);
  o["services"] = services;
  auto section = [&](const char* key, const auto& items, auto fn) {
    if (items.empty()) return;
    json m = json::object();
    for (const auto& [name, item] : items) m[name] = fn(item);
    o[key] = m;
  };
  section("networks", p.networks, [](const Network& n) { return network_json(n); });
  section("volumes", p.volumes, [](const Volume& v) { return volume_json(v); });
  section("secrets", p.secrets, [](const FileObject& f) { return file_object_json(f); });
  section("configs", p.configs, [](const FileObject& f) { return file_object_json(f); });
  put_bags(o, p.unsupported, p.extensions);
  return o;
}

}  // namespace mocker::orchestrator::spec
