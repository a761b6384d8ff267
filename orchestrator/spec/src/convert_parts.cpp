#include "convert.hpp"
#include "short_syntax.hpp"

#include <mocker/spec/units.hpp>

namespace mocker::orchestrator::spec::detail {

namespace {

bool require_seq(Reader& r, const Node& n, const std::string& path) {
  if (n.is_seq() || n.is_null()) return true;
  r.error(n, path, "expected a list, got " + kind_name(n));
  return false;
}

}  // namespace

void read_ports(Reader& r, const Node& n, const std::string& path, std::vector<PortMapping>& out) {
  if (!require_seq(r, n, path)) return;
  for (size_t i = 0; i < n.items.size(); ++i) {
    const Node& item = n.items[i];
    std::string p = index(path, i);
    if (!item.is_map()) {
      r.error(item, p, "expected a port, got " + kind_name(item));
      continue;
    }
    PortMapping port;
    bool valid = true;
    static const Schema<PortMapping> schema{{
        {"target", [](Reader& r, const Node& n, const std::string& p, PortMapping& o) {
           if (auto v = r.integer(n, p, 1, 65535)) o.target = static_cast<uint16_t>(*v);
         }},
        {"published", [](Reader& r, const Node& n, const std::string& p, PortMapping& o) {
           auto s = r.string(n, p);
           if (!s || s->empty()) return;
           if (auto range = parse_port_range(*s, true)) {
             o.published_start = range->start;
             o.published_end = range->start == 0 ? 0 : range->end;
           } else {
             r.error(n, p, "expected a port or a port range, got \"" + *s + "\"");
           }
         }},
        {"host_ip", [](Reader& r, const Node& n, const std::string& p, PortMapping& o) {
           if (auto s = r.string(n, p)) o.host_ip = *s;
         }},
        {"protocol", [](Reader& r, const Node& n, const std::string& p, PortMapping& o) {
           if (auto s = r.one_of(n, p, {"tcp", "udp", "sctp"})) o.protocol = *parse_protocol(*s);
         }},
        {"mode", [](Reader& r, const Node& n, const std::string& p, PortMapping& o) {
           if (auto s = r.one_of(n, p, {"host", "ingress"})) o.mode = *s;
         }},
        {"name", [](Reader& r, const Node& n, const std::string& p, PortMapping& o) {
           if (auto s = r.string(n, p)) o.name = *s;
         }},
        {"app_protocol", [](Reader& r, const Node& n, const std::string& p, PortMapping& o) {
           if (auto s = r.string(n, p)) o.app_protocol = *s;
         }},
    }, {}};
    size_t before = r.context().error_count();
    read_fields(r, item, p, schema, port);
    if (r.context().error_count() != before) valid = false;
    if (valid && port.target == 0) {
      r.error(item, p, "a port needs a target");
      valid = false;
    }
    if (valid) out.push_back(port);
  }
}

void read_expose(Reader& r, const Node& n, const std::string& path, std::vector<PortMapping>& out) {
  if (!require_seq(r, n, path)) return;
  for (size_t i = 0; i < n.items.size(); ++i) {
    auto s = r.string(n.items[i], index(path, i));
    if (!s) continue;
    std::string error;
    auto ports = parse_expose(*s, error);
    if (!ports) {
      r.error(n.items[i], index(path, i), error);
      continue;
    }
    for (const auto& text : *ports) {
      PortMapping p;
      size_t slash = text.find('/');
      p.target = parse_port_range(text.substr(0, slash))->start;
      if (slash != std::string::npos) p.protocol = *parse_protocol(text.substr(slash + 1));
      out.push_back(p);
    }
  }
}

void read_volumes(Reader& r, const Node& n, const std::string& path, std::vector<VolumeMount>& out) {
  if (!require_seq(r, n, path)) return;
  for (size_t i = 0; i < n.items.size(); ++i) {
    const Node& item = n.items[i];
    std::string p = index(path, i);
    if (!item.is_map()) {
      r.error(item, p, "expected a volume, got " + kind_name(item));
      continue;
    }
    r.remember(p, item);
    VolumeMount v;
    bool has_type = false;
    bool has_target = false;
    static const Schema<VolumeMount::Bind> bind_schema{{
        {"propagation", [](Reader& r, const Node& n, const std::string& p, VolumeMount::Bind& o) {
           if (auto s = r.one_of(n, p, {"shared", "slave", "private", "rshared", "rslave", "rprivate"})) o.propagation = *s;
         }},
        {"create_host_path", [](Reader& r, const Node& n, const std::string& p, VolumeMount::Bind& o) {
           if (auto b = r.boolean(n, p)) o.create_host_path = *b;
         }},
        {"selinux", [](Reader& r, const Node& n, const std::string& p, VolumeMount::Bind& o) {
           if (auto s = r.one_of(n, p, {"z", "Z"})) o.selinux = *s;
         }},
    }, {"recursive"}};
    static const Schema<VolumeMount::Volume> volume_schema{{
        {"nocopy", [](Reader& r, const Node& n, const std::string& p, VolumeMount::Volume& o) {
           if (auto b = r.boolean(n, p)) o.nocopy = *b;
         }},
        {"subpath", [](Reader& r, const Node& n, const std::string& p, VolumeMount::Volume& o) {
           if (auto s = r.string(n, p)) o.subpath = *s;
         }},
    }, {"labels"}};
    static const Schema<VolumeMount::Tmpfs> tmpfs_schema{{
        {"size", [](Reader& r, const Node& n, const std::string& p, VolumeMount::Tmpfs& o) {
           o.size = r.bytes(n, p);
         }},
        {"mode", [](Reader& r, const Node& n, const std::string& p, VolumeMount::Tmpfs& o) {
           o.mode = r.file_mode(n, p);
         }},
    }, {}};
    for (const auto& e : item.entries) {
      std::string ep = join(p, e.key);
      const Node& val = e.value;
      if (e.key == "type") {
        auto t = r.one_of(val, ep, {"bind", "volume", "tmpfs", "image", "npipe", "cluster"});
        if (!t) continue;
        has_type = true;
        if (*t == "bind") v.type = MountType::bind;
        if (*t == "volume") v.type = MountType::volume;
        if (*t == "tmpfs") v.type = MountType::tmpfs;
        if (*t == "image") v.type = MountType::image;
        if (*t == "npipe") v.type = MountType::npipe;
        if (*t == "cluster") v.type = MountType::cluster;
      } else if (e.key == "source") {
        if (auto s = r.string(val, ep)) v.source = *s;
      } else if (e.key == "target") {
        has_target = true;
        if (auto s = r.absolute_path(val, ep)) v.target = *s;
      } else if (e.key == "read_only") {
        if (auto b = r.boolean(val, ep)) v.read_only = *b;
      } else if (e.key == "consistency") {
        if (auto s = r.string(val, ep)) v.consistency = *s;
      } else if (e.key == "bind") {
        v.bind.emplace();
        read_fields(r, val, ep, bind_schema, *v.bind);
      } else if (e.key == "volume") {
        v.volume.emplace();
        read_fields(r, val, ep, volume_schema, *v.volume);
      } else if (e.key == "tmpfs") {
        v.tmpfs.emplace();
        read_fields(r, val, ep, tmpfs_schema, *v.tmpfs);
      } else if (e.key == "image") {
        // subpath inside an image mount: accepted, nothing to model yet
      } else if (e.key.rfind("x-", 0) != 0) {
        r.context().error(e.key_mark, p, "unknown attribute \"" + e.key + "\"");
      }
    }
    if (!has_type) {
      r.error(item, p, "a volume needs a type (bind, volume or tmpfs)");
      continue;
    }
    if (v.target.empty()) {
      if (!has_target) r.error(item, p, "a volume needs a target");
      continue;
    }
    if (v.type == MountType::bind && v.source.empty()) {
      r.error(item, p, "a bind mount needs a source");
      continue;
    }
    if (v.type == MountType::tmpfs && !v.source.empty()) {
      r.error(item, p, "a tmpfs mount takes no source");
      continue;
    }
    if (v.bind && v.type != MountType::bind) r.error(item, p, "bind options on a " + std::string(to_string(v.type)) + " mount");
    if (v.volume && v.type != MountType::volume) r.error(item, p, "volume options on a " + std::string(to_string(v.type)) + " mount");
    if (v.tmpfs && v.type != MountType::tmpfs) r.error(item, p, "tmpfs options on a " + std::string(to_string(v.type)) + " mount");
    out.push_back(std::move(v));
  }
}

void read_service_networks(Reader& r, const Node& n, const std::string& path, Service& out) {
  if (!r.map(n, path)) return;
  static const Schema<ServiceNetwork> schema{{
      {"aliases", [](Reader& r, const Node& n, const std::string& p, ServiceNetwork& o) { o.aliases = r.strings(n, p); }},
      {"ipv4_address", [](Reader& r, const Node& n, const std::string& p, ServiceNetwork& o) {
         if (auto s = r.string(n, p)) o.ipv4_address = *s;
       }},
      {"ipv6_address", [](Reader& r, const Node& n, const std::string& p, ServiceNetwork& o) {
         if (auto s = r.string(n, p)) o.ipv6_address = *s;
       }},
      {"priority", [](Reader& r, const Node& n, const std::string& p, ServiceNetwork& o) { o.priority = r.integer(n, p); }},
  }, {"link_local_ips", "mac_address", "driver_opts", "gw_priority", "interface_name"}};
  for (const auto& e : n.entries) {
    std::string p = join(path, e.key);
    r.remember(p, e.value.is_null() ? n : e.value);
    if (r.marks) (*r.marks)[p] = e.key_mark;
    ServiceNetwork net;
    read_fields(r, e.value, p, schema, net, Bags{&out.unsupported, "networks." + e.key + ".", nullptr});
    out.networks[e.key] = std::move(net);
  }
}

void read_depends_on(Reader& r, const Node& n, const std::string& path, std::map<std::string, Dependency>& out) {
  if (!r.map(n, path)) return;
  static const Schema<Dependency> schema{{
      {"condition", [](Reader& r, const Node& n, const std::string& p, Dependency& o) {
         auto s = r.one_of(n, p, {"service_started", "service_healthy", "service_completed_successfully"});
         if (!s) return;
         if (*s == "service_healthy") o.condition = DependencyCondition::service_healthy;
         if (*s == "service_completed_successfully") o.condition = DependencyCondition::service_completed_successfully;
         if (*s == "service_started") o.condition = DependencyCondition::service_started;
       }},
      {"restart", [](Reader& r, const Node& n, const std::string& p, Dependency& o) {
         if (auto b = r.boolean(n, p)) o.restart = *b;
       }},
      {"required", [](Reader& r, const Node& n, const std::string& p, Dependency& o) {
         if (auto b = r.boolean(n, p)) o.required = *b;
       }},
  }, {}};
  for (const auto& e : n.entries) {
    std::string p = join(path, e.key);
    if (r.marks) (*r.marks)[p] = e.key_mark;
    Dependency d;
    read_fields(r, e.value, p, schema, d);
    out[e.key] = d;
  }
}

std::optional<Healthcheck> read_healthcheck(Reader& r, const Node& n, const std::string& path) {
  if (n.is_null() || !r.map(n, path)) return std::nullopt;
  struct Raw {
    Healthcheck hc;
    bool disable = false;
  } raw;
  static const Schema<Raw> schema{{
      {"test", [](Reader& r, const Node& n, const std::string& p, Raw& o) {
         if (n.poisoned) return;
         if (n.is_scalar()) {
           o.hc.test = {"CMD-SHELL", n.text};
           return;
         }
         o.hc.test = r.strings(n, p);
         if (o.hc.test.empty() && n.is_seq()) {
           r.error(n, p, "expected a non-empty list starting with NONE, CMD or CMD-SHELL");
         } else if (!o.hc.test.empty() && o.hc.test[0] != "NONE" && o.hc.test[0] != "CMD" &&
                    o.hc.test[0] != "CMD-SHELL") {
           r.error(n, p, "expected the list to start with NONE, CMD or CMD-SHELL, got \"" + o.hc.test[0] + "\"");
         }
       }},
      {"interval", [](Reader& r, const Node& n, const std::string& p, Raw& o) { o.hc.interval = r.duration(n, p); }},
      {"timeout", [](Reader& r, const Node& n, const std::string& p, Raw& o) { o.hc.timeout = r.duration(n, p); }},
      {"start_period", [](Reader& r, const Node& n, const std::string& p, Raw& o) { o.hc.start_period = r.duration(n, p); }},
      {"start_interval", [](Reader& r, const Node& n, const std::string& p, Raw& o) { o.hc.start_interval = r.duration(n, p); }},
      {"retries", [](Reader& r, const Node& n, const std::string& p, Raw& o) { o.hc.retries = r.integer(n, p, 0); }},
      {"disable", [](Reader& r, const Node& n, const std::string& p, Raw& o) {
         if (auto b = r.boolean(n, p)) o.disable = *b;
       }},
  }, {}};
  read_fields(r, n, path, schema, raw);
  if (raw.disable) raw.hc.test = {"NONE"};
  return raw.hc;
}

std::optional<Deploy> read_deploy(Reader& r, const Node& n, const std::string& path, RawAttributes& unsupported) {
  if (n.is_null() || !r.map(n, path)) return std::nullopt;
  static const Schema<ResourceLimits> limits_schema{{
      {"cpus", [](Reader& r, const Node& n, const std::string& p, ResourceLimits& o) { o.cpus = r.number(n, p); }},
      {"memory", [](Reader& r, const Node& n, const std::string& p, ResourceLimits& o) { o.memory = r.bytes(n, p); }},
      {"pids", [](Reader& r, const Node& n, const std::string& p, ResourceLimits& o) { o.pids = r.integer(n, p, -1); }},
  }, {"generic_resources", "devices"}};
  struct Raw {
    Deploy d;
    RawAttributes* unsupported;
  } raw{{}, &unsupported};
  static const Schema<Raw> schema{{
      {"mode", [](Reader& r, const Node& n, const std::string& p, Raw& o) {
         if (auto s = r.one_of(n, p, {"replicated", "global"})) o.d.mode = *s;
       }},
      {"replicas", [](Reader& r, const Node& n, const std::string& p, Raw& o) { o.d.replicas = r.integer(n, p, 0); }},
      {"labels", [](Reader& r, const Node& n, const std::string& p, Raw& o) { o.d.labels = r.string_map(n, p); }},
      {"resources", [](Reader& r, const Node& n, const std::string& p, Raw& o) {
         if (!r.map(n, p)) return;
         for (const auto& e : n.entries) {
           std::string ep = join(p, e.key);
           if (e.key == "limits" || e.key == "reservations") {
             ResourceLimits l;
             read_fields(r, e.value, ep, limits_schema, l, Bags{o.unsupported, "deploy.resources." + e.key + ".", nullptr});
             (e.key == "limits" ? o.d.limits : o.d.reservations) = l;
           } else if (e.key.rfind("x-", 0) != 0) {
             r.context().error(e.key_mark, p, "unknown attribute \"" + e.key + "\"");
           }
         }
       }},
      {"restart_policy", [](Reader& r, const Node& n, const std::string& p, Raw& o) {
         static const Schema<DeployRestartPolicy> rp{{
             {"condition", [](Reader& r, const Node& n, const std::string& p, DeployRestartPolicy& o) {
                if (auto s = r.one_of(n, p, {"none", "on-failure", "any"})) o.condition = *s;
              }},
             {"delay", [](Reader& r, const Node& n, const std::string& p, DeployRestartPolicy& o) { o.delay = r.duration(n, p); }},
             {"max_attempts", [](Reader& r, const Node& n, const std::string& p, DeployRestartPolicy& o) {
                o.max_attempts = r.integer(n, p, 0);
              }},
             {"window", [](Reader& r, const Node& n, const std::string& p, DeployRestartPolicy& o) { o.window = r.duration(n, p); }},
         }, {}};
         DeployRestartPolicy policy;
         read_fields(r, n, p, rp, policy);
         o.d.restart_policy = policy;
       }},
  }, {"endpoint_mode", "placement", "update_config", "rollback_config"}};
  read_fields(r, n, path, schema, raw, Bags{&unsupported, "deploy.", nullptr});
  return raw.d;
}

void read_ulimits(Reader& r, const Node& n, const std::string& path, std::map<std::string, Ulimit>& out) {
  if (!r.map(n, path)) return;
  for (const auto& e : n.entries) {
    std::string p = join(path, e.key);
    if (e.value.poisoned) continue;
    if (e.value.is_scalar()) {
      if (auto v = r.integer(e.value, p, -1)) out[e.key] = Ulimit{*v, *v};
      continue;
    }
    if (!e.value.is_map()) {
      r.error(e.value, p, "expected a number or {soft, hard}, got " + kind_name(e.value));
      continue;
    }
    std::optional<int64_t> soft, hard;
    for (const auto& f : e.value.entries) {
      if (f.key == "soft") {
        soft = r.integer(f.value, join(p, "soft"), -1);
      } else if (f.key == "hard") {
        hard = r.integer(f.value, join(p, "hard"), -1);
      } else if (f.key.rfind("x-", 0) != 0) {
        r.context().error(f.key_mark, p, "unknown attribute \"" + f.key + "\"");
      }
    }
    if (!soft || !hard) {
      r.error(e.value, p, "a ulimit needs both soft and hard");
    } else if (*hard != -1 && (*soft == -1 || *soft > *hard)) {
      r.error(e.value, p, "soft limit " + std::to_string(*soft) + " exceeds hard limit " + std::to_string(*hard));
    } else {
      out[e.key] = Ulimit{*soft, *hard};
    }
  }
}

std::optional<Logging> read_logging(Reader& r, const Node& n, const std::string& path) {
  if (n.is_null() || !r.map(n, path)) return std::nullopt;
  static const Schema<Logging> schema{{
      {"driver", [](Reader& r, const Node& n, const std::string& p, Logging& o) {
         if (auto s = r.string(n, p)) o.driver = *s;
       }},
      {"options", [](Reader& r, const Node& n, const std::string& p, Logging& o) { o.options = r.string_map(n, p); }},
  }, {}};
  Logging l;
  read_fields(r, n, path, schema, l);
  return l;
}

void read_file_references(Reader& r, const Node& n, const std::string& path, bool secrets,
                          std::vector<FileReference>& out) {
  if (!require_seq(r, n, path)) return;
  static const Schema<FileReference> schema{{
      {"source", [](Reader& r, const Node& n, const std::string& p, FileReference& o) {
         if (auto s = r.string(n, p)) o.source = *s;
       }},
      {"target", [](Reader& r, const Node& n, const std::string& p, FileReference& o) {
         if (auto s = r.string(n, p)) o.target = *s;
       }},
      {"uid", [](Reader& r, const Node& n, const std::string& p, FileReference& o) {
         if (auto s = r.string(n, p)) o.uid = *s;
       }},
      {"gid", [](Reader& r, const Node& n, const std::string& p, FileReference& o) {
         if (auto s = r.string(n, p)) o.gid = *s;
       }},
      {"mode", [](Reader& r, const Node& n, const std::string& p, FileReference& o) { o.mode = r.file_mode(n, p); }},
  }, {}};
  std::string prefix = secrets ? "/run/secrets/" : "/";
  for (size_t i = 0; i < n.items.size(); ++i) {
    const Node& item = n.items[i];
    std::string p = index(path, i);
    if (!item.is_map()) {
      r.error(item, p, "expected a name or a mapping, got " + kind_name(item));
      continue;
    }
    r.remember(p, item);
    FileReference ref;
    read_fields(r, item, p, schema, ref);
    if (ref.source.empty()) {
      r.error(item, p, std::string(secrets ? "a secret" : "a config") + " reference needs a source");
      continue;
    }
    if (ref.target.empty()) ref.target = prefix + ref.source;
    if (ref.target[0] != '/') ref.target = prefix + ref.target;
    out.push_back(std::move(ref));
  }
}

std::optional<RestartPolicy> read_restart(Reader& r, const Node& n, const std::string& path) {
  auto s = r.string(n, path);
  if (!s) return std::nullopt;
  RestartPolicy p;
  if (*s == "no") return p;
  if (*s == "always") {
    p.mode = RestartPolicy::Mode::always;
    return p;
  }
  if (*s == "unless-stopped") {
    p.mode = RestartPolicy::Mode::unless_stopped;
    return p;
  }
  if (s->rfind("on-failure", 0) == 0) {
    p.mode = RestartPolicy::Mode::on_failure;
    std::string rest = s->substr(10);
    if (rest.empty()) return p;
    if (rest[0] == ':' && rest.size() > 1 && rest.size() < 10 &&
        rest.find_first_not_of("0123456789", 1) == std::string::npos) {
      p.max_retries = std::stoll(rest.substr(1));
      return p;
    }
  }
  r.error(n, path, "expected no, always, on-failure[:N] or unless-stopped, got \"" + *s + "\"");
  return std::nullopt;
}

std::optional<NetworkMode> read_network_mode(Reader& r, const Node& n, const std::string& path) {
  auto s = r.string(n, path);
  if (!s) return std::nullopt;
  NetworkMode m;
  if (*s == "bridge" || *s == "default") return m;
  if (*s == "host") {
    m.kind = NetworkMode::Kind::host;
    return m;
  }
  if (*s == "none") {
    m.kind = NetworkMode::Kind::none;
    return m;
  }
  for (auto [prefix, kind] : {std::pair{"service:", NetworkMode::Kind::service},
                              std::pair{"container:", NetworkMode::Kind::container}}) {
    std::string_view pre(prefix);
    if (s->rfind(pre, 0) == 0 && s->size() > pre.size()) {
      m.kind = kind;
      m.target = s->substr(pre.size());
      return m;
    }
  }
  r.error(n, path, "expected bridge, host, none, service:NAME or container:NAME, got \"" + *s + "\"");
  return std::nullopt;
}

std::optional<std::vector<std::string>> read_command(Reader& r, const Node& n, const std::string& path) {
  if (n.is_null() || n.poisoned) return std::nullopt;
  if (n.is_scalar()) {
    std::string error;
    auto words = split_command(n.text, error);
    if (!words) r.error(n, path, error);
    return words;
  }
  if (!n.is_seq()) {
    r.error(n, path, "expected a string or a list of strings, got " + kind_name(n));
    return std::nullopt;
  }
  return r.strings(n, path);
}

Environment read_environment(Reader& r, const Node& n, const std::string& path) {
  Environment out;
  if (!r.map(n, path)) return out;
  for (const auto& e : n.entries) {
    if (e.value.is_null()) {
      out[e.key] = std::nullopt;
    } else if (auto s = r.string(e.value, join(path, e.key))) {
      out[e.key] = *s;
    }
  }
  return out;
}

std::vector<EnvFile> read_env_file(Reader& r, const Node& n, const std::string& path) {
  std::vector<EnvFile> out;
  if (!require_seq(r, n, path)) return out;
  static const Schema<EnvFile> schema{{
      {"path", [](Reader& r, const Node& n, const std::string& p, EnvFile& o) {
         if (auto s = r.string(n, p)) o.path = *s;
       }},
      {"required", [](Reader& r, const Node& n, const std::string& p, EnvFile& o) {
         if (auto b = r.boolean(n, p)) o.required = *b;
       }},
      {"format", [](Reader& r, const Node& n, const std::string& p, EnvFile& o) {
         if (auto s = r.one_of(n, p, {"raw"})) o.format = *s;
       }},
  }, {}};
  for (size_t i = 0; i < n.items.size(); ++i) {
    std::string p = index(path, i);
    r.remember(p, n.items[i]);
    EnvFile f;
    read_fields(r, n.items[i], p, schema, f);
    if (f.path.empty()) {
      r.error(n.items[i], p, "an env file needs a path");
      continue;
    }
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<ExtraHost> read_extra_hosts(Reader& r, const Node& n, const std::string& path) {
  std::vector<ExtraHost> out;
  for (size_t i = 0; const auto& s : r.strings(n, path)) {
    if (auto host = parse_extra_host(s)) {
      out.push_back(ExtraHost{host->first, host->second});
    } else {
      r.error(n.is_seq() && i < n.items.size() ? n.items[i] : n, index(path, i),
              "invalid extra host \"" + s + "\": expected HOST=IP");
    }
    ++i;
  }
  return out;
}

}  // namespace mocker::orchestrator::spec::detail
