// One service mapping to a typed Service.
#include "convert.hpp"

namespace mocker::orchestrator::spec::detail {

namespace {

using F = Schema<Service>::Field;

void str(Reader& r, const Node& n, const std::string& p, std::string& out) {
  if (auto s = r.string(n, p)) out = *s;
}
void flag(Reader& r, const Node& n, const std::string& p, bool& out) {
  if (auto b = r.boolean(n, p)) out = *b;
}

bool valid_container_name(const std::string& s) {
  auto ok = [](char c, bool first) {
    bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || (!first && (c == '_' || c == '.' || c == '-'));
  };
  if (s.size() < 2) return false;
  for (size_t i = 0; i < s.size(); ++i)
    if (!ok(s[i], i == 0)) return false;
  return true;
}

bool valid_pull_policy(const std::string& s) {
  for (const char* p : {"always", "never", "missing", "build", "if_not_present", "daily", "weekly", "refresh"})
    if (s == p) return true;
  if (s.rfind("every_", 0) != 0 || s.size() == 6) return false;
  // every_<n><unit>... with units w, d, h, m, s
  bool digits = false;
  for (size_t i = 6; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      digits = true;
    } else if (digits && (c == 'w' || c == 'd' || c == 'h' || c == 'm' || c == 's')) {
      digits = false;
    } else {
      return false;
    }
  }
  return !digits;
}

const Schema<Service>& service_schema() {
  static const Schema<Service> schema{
      {
          {"image", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.image = r.string(n, p); }},
          // Left over only when resolving it failed, which was reported then.
          {"extends", [](Reader&, const Node&, const std::string&, Service&) {}},
          {"command", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.command = read_command(r, n, p); }},
          {"entrypoint", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.entrypoint = read_command(r, n, p); }},
          {"environment", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.environment = read_environment(r, n, p); }},
          {"env_file", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.env_file = read_env_file(r, n, p); }},
          {"ports", [](Reader& r, const Node& n, const std::string& p, Service& s) { read_ports(r, n, p, s.ports); }},
          {"expose", [](Reader& r, const Node& n, const std::string& p, Service& s) { read_expose(r, n, p, s.expose); }},
          {"volumes", [](Reader& r, const Node& n, const std::string& p, Service& s) { read_volumes(r, n, p, s.volumes); }},
          {"tmpfs", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             s.tmpfs = r.strings(n, p, true);
             for (size_t i = 0; i < s.tmpfs.size(); ++i)
               if (s.tmpfs[i].empty() || s.tmpfs[i][0] != '/')
                 r.error(n.is_seq() ? n.items[i] : n, index(p, i), "expected an absolute path, got \"" + s.tmpfs[i] + "\"");
           }},
          {"networks", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             r.remember(p, n);
             read_service_networks(r, n, p, s);
           }},
          {"network_mode", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             r.remember(p, n);
             s.network_mode = read_network_mode(r, n, p);
           }},
          {"depends_on", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             r.remember(p, n);
             read_depends_on(r, n, p, s.depends_on);
           }},
          {"healthcheck", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.healthcheck = read_healthcheck(r, n, p); }},
          {"restart", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.restart = read_restart(r, n, p); }},
          {"deploy", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.deploy = read_deploy(r, n, p, s.unsupported); }},
          {"mem_limit", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.mem_limit = r.bytes(n, p); }},
          {"mem_reservation", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.mem_reservation = r.bytes(n, p); }},
          {"memswap_limit", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.memswap_limit = r.bytes(n, p, true); }},
          {"shm_size", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.shm_size = r.bytes(n, p); }},
          {"cpus", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.cpus = r.number(n, p); }},
          {"cpu_shares", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.cpu_shares = r.integer(n, p, 0); }},
          {"pids_limit", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.pids_limit = r.integer(n, p, -1); }},
          {"cpuset", [](Reader& r, const Node& n, const std::string& p, Service& s) { str(r, n, p, s.cpuset); }},
          {"ulimits", [](Reader& r, const Node& n, const std::string& p, Service& s) { read_ulimits(r, n, p, s.ulimits); }},
          {"user", [](Reader& r, const Node& n, const std::string& p, Service& s) { str(r, n, p, s.user); }},
          {"working_dir", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             if (auto d = r.absolute_path(n, p)) s.working_dir = *d;
           }},
          {"hostname", [](Reader& r, const Node& n, const std::string& p, Service& s) { str(r, n, p, s.hostname); }},
          {"domainname", [](Reader& r, const Node& n, const std::string& p, Service& s) { str(r, n, p, s.domainname); }},
          {"extra_hosts", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.extra_hosts = read_extra_hosts(r, n, p); }},
          {"dns", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.dns = r.strings(n, p, true); }},
          {"dns_search", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.dns_search = r.strings(n, p, true); }},
          {"dns_opt", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.dns_opt = r.strings(n, p); }},
          {"init", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.init = r.boolean(n, p); }},
          {"stop_signal", [](Reader& r, const Node& n, const std::string& p, Service& s) { str(r, n, p, s.stop_signal); }},
          {"stop_grace_period", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.stop_grace_period = r.duration(n, p); }},
          {"read_only", [](Reader& r, const Node& n, const std::string& p, Service& s) { flag(r, n, p, s.read_only); }},
          {"privileged", [](Reader& r, const Node& n, const std::string& p, Service& s) { flag(r, n, p, s.privileged); }},
          {"tty", [](Reader& r, const Node& n, const std::string& p, Service& s) { flag(r, n, p, s.tty); }},
          {"stdin_open", [](Reader& r, const Node& n, const std::string& p, Service& s) { flag(r, n, p, s.stdin_open); }},
          {"cap_add", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.cap_add = r.strings(n, p); }},
          {"cap_drop", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.cap_drop = r.strings(n, p); }},
          {"security_opt", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.security_opt = r.strings(n, p); }},
          {"sysctls", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.sysctls = r.string_map(n, p); }},
          {"labels", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.labels = r.string_map(n, p); }},
          {"logging", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.logging = read_logging(r, n, p); }},
          {"scale", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             r.remember(p, n);
             s.scale = r.integer(n, p, 0);
           }},
          {"container_name", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             r.remember(p, n);
             auto name = r.string(n, p);
             if (!name) return;
             if (!valid_container_name(*name)) {
               r.error(n, p, "invalid container name \"" + *name + "\": expected [a-zA-Z0-9][a-zA-Z0-9_.-]+");
               return;
             }
             s.container_name = *name;
           }},
          {"links", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             r.remember_items(p, n);
             s.links = r.strings(n, p);
           }},
          {"volumes_from", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             r.remember_items(p, n);
             s.volumes_from = r.strings(n, p);
           }},
          {"secrets", [](Reader& r, const Node& n, const std::string& p, Service& s) { read_file_references(r, n, p, true, s.secrets); }},
          {"configs", [](Reader& r, const Node& n, const std::string& p, Service& s) { read_file_references(r, n, p, false, s.configs); }},
          {"profiles", [](Reader& r, const Node& n, const std::string& p, Service& s) { s.profiles = r.strings(n, p); }},
          {"pull_policy", [](Reader& r, const Node& n, const std::string& p, Service& s) {
             auto v = r.string(n, p);
             if (!v) return;
             if (!valid_pull_policy(*v)) {
               r.error(n, p, "expected always, never, missing, build, daily, weekly or every_<duration>, got \"" + *v + "\"");
               return;
             }
             s.pull_policy = *v;
           }},
      },
      // In the compose specification, but not something this engine can honour yet.
      {"annotations", "attach", "blkio_config", "build", "cgroup", "cgroup_parent", "cpu_count", "cpu_percent",
       "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "credential_spec", "develop",
       "device_cgroup_rules", "devices", "external_links", "gpus", "group_add", "ipc", "isolation", "label_file",
       "mac_address", "mem_swappiness", "models", "oom_kill_disable", "oom_score_adj", "pid", "platform",
       "post_start", "pre_stop", "provider", "pull_refresh_after", "runtime", "storage_opt", "use_api_socket",
       "userns_mode", "uts"}};
  return schema;
}

}  // namespace

Service convert_service(Reader& r, const Node& node, const std::string& name) {
  Service s;
  s.name = name;
  std::string path = join("services", name);
  r.remember(path, node);
  read_fields(r, node, path, service_schema(), s, Bags{&s.unsupported, "", &s.extensions});
  if (s.scale && *s.scale > 1 && !s.container_name.empty())
    r.error(node, path, "container_name \"" + s.container_name + "\" cannot be used with scale " +
                            std::to_string(*s.scale) + ": container names must be unique");
  const Node* image = node.find("image");
  bool image_reported = image && image->poisoned;  // its interpolation failed
  if (!s.image && !s.unsupported.count("build") && !node.find("extends") && !image_reported)
    r.error(node, path, "a service needs an image (or a build section)");
  return s;
}

bool service_enabled(const Service& service, const std::set<std::string>& profiles) {
  if (service.profiles.empty() || profiles.count("*")) return true;
  for (const auto& p : service.profiles)
    if (profiles.count(p)) return true;
  return false;
}

}  // namespace mocker::orchestrator::spec::detail
