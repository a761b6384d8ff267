#include "validate.hpp"

#include <mocker/graph/dag.hpp>

namespace mocker::orchestrator::spec::detail {

namespace {

class Checker {
 public:
  Checker(Project& project, const std::unordered_map<std::string, Mark>& marks, LoadContext& ctx)
      : p_(project), marks_(marks), ctx_(ctx) {}

  void run() {
    for (auto& [name, svc] : p_.services) service(svc);
    cycles();
  }

 private:
  const Mark& mark(const std::string& path, const std::string& fallback) const {
    if (auto it = marks_.find(path); it != marks_.end()) return it->second;
    if (auto it = marks_.find(fallback); it != marks_.end()) return it->second;
    static const Mark none;
    return none;
  }

  void report(const std::string& path, const std::string& fallback, std::string message) {
    ctx_.error(mark(path, fallback), path, std::move(message));
  }

  // Empty when `name` is an enabled service; otherwise why it cannot be used.
  std::string service_problem(const std::string& name) const {
    if (p_.services.count(name)) return {};
    if (p_.disabled_services.count(name)) return "service \"" + name + "\", which the active profiles disable";
    return "undefined service \"" + name + "\"";
  }

  void service(Service& s) {
    std::string base = "services." + s.name;
    for (auto it = s.depends_on.begin(); it != s.depends_on.end();) {
      std::string path = base + ".depends_on." + it->first;
      std::string problem = service_problem(it->first);
      if (!problem.empty() && !it->second.required) {
        ctx_.warn("service " + s.name + ": optional dependency: " + problem + "; ignoring it");
        it = s.depends_on.erase(it);
        continue;
      }
      if (!problem.empty()) report(path, base + ".depends_on", "depends on " + problem);
      ++it;
    }
    if (s.network_mode && s.network_mode->kind == NetworkMode::Kind::service) {
      std::string problem = service_problem(s.network_mode->target);
      if (!problem.empty()) report(base + ".network_mode", base, "network_mode refers to " + problem);
    }
    for (size_t i = 0; i < s.links.size(); ++i) {
      std::string target = s.links[i].substr(0, s.links[i].find(':'));
      std::string problem = service_problem(target);
      if (!problem.empty()) report(base + ".links[" + std::to_string(i) + "]", base + ".links", "links to " + problem);
    }
    for (size_t i = 0; i < s.volumes_from.size(); ++i) {
      const std::string& v = s.volumes_from[i];
      if (v.rfind("container:", 0) == 0) continue;
      std::string problem = service_problem(v.substr(0, v.find(':')));
      if (!problem.empty())
        report(base + ".volumes_from[" + std::to_string(i) + "]", base + ".volumes_from", "volumes_from " + problem);
    }
    for (const auto& [net, _] : s.networks) {
      if (!p_.networks.count(net))
        report(base + ".networks." + net, base + ".networks", "network \"" + net + "\" is not defined in the top-level networks");
    }
    for (size_t i = 0; i < s.volumes.size(); ++i) {
      const VolumeMount& v = s.volumes[i];
      if (v.type != MountType::volume || v.source.empty() || p_.volumes.count(v.source)) continue;
      report(base + ".volumes[" + std::to_string(i) + "]", base,
             "volume \"" + v.source + "\" is not defined in the top-level volumes");
    }
    for (auto [list, kind, defined] : {std::tuple{&s.secrets, "secrets", &p_.secrets},
                                       std::tuple{&s.configs, "configs", &p_.configs}}) {
      for (size_t i = 0; i < list->size(); ++i) {
        const std::string& source = (*list)[i].source;
        if (defined->count(source)) continue;
        report(base + "." + kind + "[" + std::to_string(i) + "]", base,
               std::string(kind).substr(0, std::string(kind).size() - 1) + " \"" + source +
                   "\" is not defined in the top-level " + kind);
      }
    }
  }

  void cycles() {
    graph::Dag dag;
    for (const auto& [name, s] : p_.services) {
      dag.add_node(name);
      for (const auto& [dep, _] : s.depends_on)
        if (p_.services.count(dep)) dag.add_edge(name, dep);
      if (s.network_mode && s.network_mode->kind == NetworkMode::Kind::service && p_.services.count(s.network_mode->target))
        dag.add_edge(name, s.network_mode->target);
      for (const auto& v : s.volumes_from) {
        std::string target = v.substr(0, v.find(':'));
        if (v.rfind("container:", 0) != 0 && p_.services.count(target)) dag.add_edge(name, target);
      }
      for (const auto& l : s.links) {
        std::string target = l.substr(0, l.find(':'));
        if (p_.services.count(target)) dag.add_edge(name, target);
      }
    }
    auto cycle = dag.find_cycle();
    if (!cycle) return;
    const std::string& first = (*cycle)[0];
    const std::string& second = (*cycle)[1];
    std::string base = "services." + first;
    bool via_depends_on = p_.services.at(first).depends_on.count(second) != 0;
    std::string at = via_depends_on ? base + ".depends_on." + second : base;
    ctx_.error(mark(at, base), via_depends_on ? base + ".depends_on" : base,
               "dependency cycle: " + graph::render_cycle(*cycle));
  }

  Project& p_;
  const std::unordered_map<std::string, Mark>& marks_;
  LoadContext& ctx_;
};

std::string scoped_name(const std::string& project, const std::string& key) { return project + "_" + key; }

}  // namespace

void apply_defaults(Project& project, const std::unordered_map<std::string, Mark>& marks, LoadContext& ctx) {
  bool uses_default = false;
  for (auto* services : {&project.services, &project.disabled_services}) {
    for (auto& [name, s] : *services) {
      if (s.network_mode && !s.networks.empty()) {
        std::string base = "services." + name;
        auto it = marks.find(base + ".networks");
        ctx.error(it != marks.end() ? it->second : Mark{}, base,
                  "network_mode and networks cannot be used together");
      }
      if (!s.network_mode && s.networks.empty()) {
        s.networks["default"] = ServiceNetwork{};
        if (services == &project.services) uses_default = true;
      }
      if (s.networks.count("default") && services == &project.services) uses_default = true;
    }
  }
  if (uses_default && !project.networks.count("default")) project.networks["default"] = Network{};
  for (auto& [key, n] : project.networks)
    if (n.name.empty()) n.name = n.external ? key : scoped_name(project.name, key);
  for (auto& [key, v] : project.volumes)
    if (v.name.empty()) v.name = v.external ? key : scoped_name(project.name, key);
  for (auto* section : {&project.secrets, &project.configs})
    for (auto& [key, o] : *section)
      if (o.name.empty()) o.name = o.external ? key : scoped_name(project.name, key);
}

void check_consistency(Project& project, const std::unordered_map<std::string, Mark>& marks, LoadContext& ctx) {
  Checker(project, marks, ctx).run();
}

}  // namespace mocker::orchestrator::spec::detail
