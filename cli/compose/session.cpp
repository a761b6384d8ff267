#include "session.hpp"

#include "project.hpp"

#include <mocker/reconcile/labels.hpp>
#include <mocker/reconcile/observe.hpp>
#include <mocker/volume/volumes.hpp>

#include <algorithm>
#include <iostream>

extern char** environ;

namespace mocker::cli::compose {

namespace sys = engine::sys;
namespace reconcile = orchestrator::reconcile;

std::map<std::string, std::string> process_environment() {
  std::map<std::string, std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    size_t eq = entry.find('=');
    if (eq != std::string::npos) env.emplace(entry.substr(0, eq), entry.substr(eq + 1));
  }
  return env;
}

int fail(const sys::Error& error) {
  std::cerr << "mocker-compose: " << error.render_long() << '\n';
  return kExitFailure;
}

std::optional<Session> open_session(const GlobalOptions& global, bool need_files) {
  Session s;
  s.environment = process_environment();
  auto loaded = load(global);
  if (loaded.project) {
    for (const auto& w : loaded.warnings) std::cerr << "WARN " << w << '\n';
    s.project = std::move(*loaded.project);
    s.from_files = true;
  } else if (!need_files && !global.project_name.empty() && global.files.empty()) {
    s.project.name = global.project_name;  // no files here: work from the labels
  } else {
    report(loaded);
    return std::nullopt;
  }
  auto engine = engine::Engine::open({});
  if (!engine) {
    fail(engine.error());
    return std::nullopt;
  }
  s.engine = std::move(*engine);
  return s;
}

namespace {

// A name given on the command line must be a service of the files (enabled
// or not), or one that still has containers (an orphan, or -p without files).
sys::Status check_services(const orchestrator::spec::Project& project, const std::vector<engine::container::Container>& existing,
                           const std::vector<std::string>& services) {
  for (const auto& name : services) {
    if (project.services.contains(name) || project.disabled_services.contains(name)) continue;
    bool has_containers = std::any_of(existing.begin(), existing.end(), [&](const auto& c) {
      auto it = c.labels.find(reconcile::label::kService);
      return it != c.labels.end() && it->second == name;
    });
    if (!has_containers) return sys::Error::invalid("select services", name, "no such service");
  }
  return sys::ok();
}

}  // namespace

sys::Result<std::vector<engine::container::Container>> Session::containers(bool all,
                                                                            const std::vector<std::string>& services,
                                                                            bool oneoff) {
  auto list = MOCKER_TRY(engine->containers().list(true, {reconcile::project_filter(project.name)}));
  MOCKER_TRY(check_services(project, list, services));
  if (!all)
    std::erase_if(list, [](const auto& c) { return c.state.status != engine::container::Status::running; });
  std::vector<engine::container::Container> out;
  for (auto& c : list) {
    auto id = reconcile::read_container_identity(c.labels);
    if (!id || (id->oneoff && !oneoff)) continue;
    if (!services.empty() && std::find(services.begin(), services.end(), id->service) == services.end()) continue;
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

sys::Result<reconcile::Observed> Session::observe() {
  auto containers = MOCKER_TRY(engine->containers().list(true, {reconcile::project_filter(project.name)}));
  auto networks = MOCKER_TRY(engine->networks().list());
  reconcile::Observed observed = reconcile::observe(project, containers, networks);
  engine::volume::Volumes volumes(engine->store(), engine->records());
  for (const auto& v : MOCKER_TRY(volumes.list())) {
    bool ours = reconcile::belongs_to(v.labels, project.name);
    bool named = std::any_of(project.volumes.begin(), project.volumes.end(),
                             [&](const auto& kv) { return kv.second.name == v.name; });
    if (ours || named) observed.volumes.push_back({v.name, v.labels, !ours});
  }
  return observed;
}

}  // namespace mocker::cli::compose
