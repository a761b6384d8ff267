// Top-level sections to the typed Project.
#include "convert.hpp"

namespace mocker::orchestrator::spec::detail {

namespace {

bool valid_resource_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-';
    if (!ok) return false;
  }
  return true;
}

// external: true | false | {name: ...} (the mapping form is the legacy way to name it)
template <class T>
void read_external(Reader& r, const Node& n, const std::string& p, T& o) {
  if (n.is_map()) {
    o.external = true;
    for (const auto& e : n.entries) {
      if (e.key == "name") {
        if (auto s = r.string(e.value, join(p, "name"))) o.name = *s;
      } else if (e.key.rfind("x-", 0) != 0) {
        r.context().error(e.key_mark, p, "unknown attribute \"" + e.key + "\"");
      }
    }
    return;
  }
  if (auto b = r.boolean(n, p)) o.external = *b;
}

const Schema<Network>& network_schema() {
  static const Schema<IpamPool> pool{{
      {"subnet", [](Reader& r, const Node& n, const std::string& p, IpamPool& o) {
         if (auto s = r.string(n, p)) o.subnet = *s;
       }},
      {"ip_range", [](Reader& r, const Node& n, const std::string& p, IpamPool& o) {
         if (auto s = r.string(n, p)) o.ip_range = *s;
       }},
      {"gateway", [](Reader& r, const Node& n, const std::string& p, IpamPool& o) {
         if (auto s = r.string(n, p)) o.gateway = *s;
       }},
      {"aux_addresses", [](Reader& r, const Node& n, const std::string& p, IpamPool& o) { o.aux_addresses = r.string_map(n, p); }},
  }, {}};
  static const Schema<Network> schema{{
      {"name", [](Reader& r, const Node& n, const std::string& p, Network& o) {
         if (auto s = r.string(n, p)) o.name = *s;
       }},
      {"driver", [](Reader& r, const Node& n, const std::string& p, Network& o) {
         if (auto s = r.string(n, p)) o.driver = *s;
       }},
      {"driver_opts", [](Reader& r, const Node& n, const std::string& p, Network& o) { o.driver_opts = r.string_map(n, p); }},
      {"external", [](Reader& r, const Node& n, const std::string& p, Network& o) { read_external(r, n, p, o); }},
      {"internal", [](Reader& r, const Node& n, const std::string& p, Network& o) {
         if (auto b = r.boolean(n, p)) o.internal = *b;
       }},
      {"attachable", [](Reader& r, const Node& n, const std::string& p, Network& o) {
         if (auto b = r.boolean(n, p)) o.attachable = *b;
       }},
      {"enable_ipv4", [](Reader& r, const Node& n, const std::string& p, Network& o) { o.enable_ipv4 = r.boolean(n, p); }},
      {"enable_ipv6", [](Reader& r, const Node& n, const std::string& p, Network& o) { o.enable_ipv6 = r.boolean(n, p); }},
      {"labels", [](Reader& r, const Node& n, const std::string& p, Network& o) { o.labels = r.string_map(n, p); }},
      {"ipam", [](Reader& r, const Node& n, const std::string& p, Network& o) {
         if (!r.map(n, p)) return;
         for (const auto& e : n.entries) {
           std::string ep = join(p, e.key);
           if (e.key == "driver") {
             if (auto s = r.string(e.value, ep)) o.ipam_driver = *s;
           } else if (e.key == "options") {
             o.ipam_options = r.string_map(e.value, ep);
           } else if (e.key == "config") {
             if (!e.value.is_seq() && !e.value.is_null()) {
               r.error(e.value, ep, "expected a list, got " + kind_name(e.value));
               continue;
             }
             for (size_t i = 0; i < e.value.items.size(); ++i) {
               IpamPool pl;
               read_fields(r, e.value.items[i], index(ep, i), pool, pl);
               o.ipam_config.push_back(std::move(pl));
             }
           } else if (e.key.rfind("x-", 0) != 0) {
             r.context().error(e.key_mark, p, "unknown attribute \"" + e.key + "\"");
           }
         }
       }},
  }, {}};
  return schema;
}

const Schema<Volume>& volume_schema() {
  static const Schema<Volume> schema{{
      {"name", [](Reader& r, const Node& n, const std::string& p, Volume& o) {
         if (auto s = r.string(n, p)) o.name = *s;
       }},
      {"driver", [](Reader& r, const Node& n, const std::string& p, Volume& o) {
         if (auto s = r.string(n, p)) o.driver = *s;
       }},
      {"driver_opts", [](Reader& r, const Node& n, const std::string& p, Volume& o) { o.driver_opts = r.string_map(n, p); }},
      {"external", [](Reader& r, const Node& n, const std::string& p, Volume& o) { read_external(r, n, p, o); }},
      {"labels", [](Reader& r, const Node& n, const std::string& p, Volume& o) { o.labels = r.string_map(n, p); }},
  }, {}};
  return schema;
}

const Schema<FileObject>& file_object_schema(bool configs) {
  static auto make = [](bool with_content) {
    Schema<FileObject> s{{
        {"name", [](Reader& r, const Node& n, const std::string& p, FileObject& o) {
           if (auto v = r.string(n, p)) o.name = *v;
         }},
        {"file", [](Reader& r, const Node& n, const std::string& p, FileObject& o) {
           if (auto v = r.string(n, p)) o.file = *v;
         }},
        {"environment", [](Reader& r, const Node& n, const std::string& p, FileObject& o) {
           if (auto v = r.string(n, p)) o.environment = *v;
         }},
        {"external", [](Reader& r, const Node& n, const std::string& p, FileObject& o) { read_external(r, n, p, o); }},
        {"labels", [](Reader& r, const Node& n, const std::string& p, FileObject& o) { o.labels = r.string_map(n, p); }},
    }, {"driver", "driver_opts", "template_driver"}};
    if (with_content) {
      s.fields.push_back({"content", [](Reader& r, const Node& n, const std::string& p, FileObject& o) {
                            o.content = r.string(n, p);
                          }});
    }
    return s;
  };
  static const Schema<FileObject> secrets = make(false);
  static const Schema<FileObject> config = make(true);
  return configs ? config : secrets;
}

template <class T>
void read_section(Reader& r, const Node& section, const std::string& kind, const Schema<T>& schema,
                  std::map<std::string, T>& out, bool keep_unsupported) {
  if (!r.map(section, kind)) return;
  for (const auto& e : section.entries) {
    std::string p = join(kind, e.key);
    if (e.key.rfind("x-", 0) == 0) continue;
    if (!valid_resource_name(e.key)) {
      r.context().error(e.key_mark, p, "invalid name: expected letters, digits, '.', '_' or '-'");
      continue;
    }
    r.remember(p, e.value.is_null() ? section : e.value);
    T item;
    RawAttributes unsupported;
    read_fields(r, e.value, p, schema, item, Bags{keep_unsupported ? &unsupported : nullptr, "", &item.extensions});
    if constexpr (requires { item.unsupported; }) item.unsupported = std::move(unsupported);
    out[e.key] = std::move(item);
  }
}

void check_file_object(Reader& r, const Node& section, const std::string& kind, std::map<std::string, FileObject>& items,
                       bool configs) {
  for (auto& [key, item] : items) {
    int sources = !item.file.empty() + !item.environment.empty() + item.external + item.content.has_value();
    if (sources == 1) continue;
    const Node* node = section.find(key);
    std::string what = configs ? "file, environment, content or external" : "file, environment or external";
    r.error(node && !node->is_null() ? *node : section, join(kind, key),
            sources == 0 ? "needs one of " + what : "takes only one of " + what);
  }
}

}  // namespace

Converted convert_project(const Node& root, const ConvertOptions& options, LoadContext& ctx) {
  Converted out;
  Reader r(ctx);
  r.marks = &out.marks;
  Project& project = out.project;
  project.name = options.project_name;
  project.working_dir = options.project_dir;
  for (const auto& e : root.entries) {
    const Node& v = e.value;
    if (e.key == "services") {
      if (!r.map(v, "services")) continue;
      for (const auto& s : v.entries) {
        std::string p = join("services", s.key);
        if (!valid_resource_name(s.key)) {
          ctx.error(s.key_mark, p, "invalid service name: expected letters, digits, '.', '_' or '-'");
          continue;
        }
        if (!s.value.is_map()) {
          r.error(s.value, p, "expected a mapping, got " + kind_name(s.value));
          continue;
        }
        Service svc = convert_service(r, s.value, s.key);
        auto& target = service_enabled(svc, options.profiles) ? project.services : project.disabled_services;
        target[s.key] = std::move(svc);
      }
    } else if (e.key == "networks") {
      read_section(r, v, "networks", network_schema(), project.networks, true);
    } else if (e.key == "volumes") {
      read_section(r, v, "volumes", volume_schema(), project.volumes, false);
    } else if (e.key == "secrets") {
      read_section(r, v, "secrets", file_object_schema(false), project.secrets, true);
      check_file_object(r, v, "secrets", project.secrets, false);
    } else if (e.key == "configs") {
      read_section(r, v, "configs", file_object_schema(true), project.configs, true);
      check_file_object(r, v, "configs", project.configs, true);
    } else if (e.key == "name") {
      // decided by the loader (project name rules)
    } else if (e.key == "version") {
      ctx.warn("the attribute `version` is obsolete, it will be ignored");
    } else if (e.key == "models") {
      project.unsupported[e.key] = to_json(v);
    } else if (e.key.rfind("x-", 0) == 0) {
      project.extensions[e.key] = to_json(v);
    } else {
      ctx.error(e.key_mark, "", "unknown top-level attribute \"" + e.key + "\"");
    }
  }
  return out;
}

}  // namespace mocker::orchestrator::spec::detail
