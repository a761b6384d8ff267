// mocker-compose down: stop and remove the project's containers in reverse
// dependency order, then its networks, and with -v its volumes (never
// external ones). Works from any directory with -p NAME.
#include "command.hpp"
#include "progress.hpp"
#include "project_lock.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <mocker/execute/execute.hpp>
#include <mocker/reconcile/labels.hpp>
#include <mocker/reconcile/plan.hpp>
#include <mocker/reconcile/render.hpp>
#include <mocker/volume/volumes.hpp>

#include <iostream>
#include <memory>

namespace mocker::cli::compose {
namespace {

namespace reconcile = orchestrator::reconcile;
namespace execute = orchestrator::execute;
namespace spec = orchestrator::spec;

struct DownOptions {
  bool volumes = false;
  bool remove_orphans = false;
  std::optional<int> timeout;
  std::string rmi;
};

// Anonymous volumes are not in the compose file; -v removes them by label.
engine::sys::Status remove_anonymous_volumes(Session& s) {
  engine::volume::Volumes volumes(s.engine->store(), s.engine->records());
  for (const auto& v : MOCKER_TRY(volumes.list())) {
    if (!reconcile::belongs_to(v.labels, s.project.name)) continue;
    auto key = v.labels.find(reconcile::label::kVolume);
    if (key != v.labels.end() && !key->second.empty()) continue;
    MOCKER_TRY(volumes.remove(v.name));
  }
  return engine::sys::ok();
}

engine::sys::Status remove_images(Session& s, const std::string& which) {
  // "local": images without a custom tag, i.e. built by compose; mocker-compose
  // builds none, so only "all" removes anything.
  if (which != "all") return engine::sys::ok();
  for (const auto& [name, service] : s.project.services) {
    if (!service.image) continue;
    auto st = s.engine->images().remove(*service.image, false, [&](const std::string& id) { return s.engine->image_in_use(id); });
    if (!st) std::cerr << "WARN " << st.error().render() << '\n';
    else for (const auto& line : *st) std::cerr << line << '\n';
  }
  return engine::sys::ok();
}

// Without the files, the project's networks and volumes are known by their
// labels only: put them back into the model so the planner removes them.
void adopt_labelled_resources(spec::Project& project, const reconcile::Observed& observed) {
  for (const auto& n : observed.networks) {
    auto key = n.labels.find(reconcile::label::kNetwork);
    if (!n.external && key != n.labels.end()) project.networks[key->second].name = n.name;
  }
  for (const auto& v : observed.volumes) {
    auto key = v.labels.find(reconcile::label::kVolume);
    if (!v.external && key != v.labels.end() && !key->second.empty()) project.volumes[key->second].name = v.name;
  }
}

int run_down(const GlobalOptions& global, const DownOptions& o) {
  auto session = open_session(global, false);
  if (!session) return kExitFailure;
  Session& s = *session;
  auto lock = ProjectLock::acquire(supervisor_paths(s), s.project.name);  // released at exit, after the run directory is gone
  if (!lock) return fail(lock.error());
  auto observed = s.observe();
  if (!observed) return fail(observed.error());
  if (!s.from_files) adopt_labelled_resources(s.project, *observed);
  // Without the files, every container of the project is one we no longer know.
  reconcile::Plan plan = reconcile::plan_down(s.project, *observed, {o.volumes, o.remove_orphans || !s.from_files});
  for (const auto& w : plan.warnings) std::cerr << "WARN " << w << '\n';
  for (const auto& e : plan.errors) std::cerr << "mocker-compose: " << e << '\n';
  if (!plan.errors.empty()) return kExitFailure;
  if (global.dry_run) {  // the plan, nothing changed
    std::cout << reconcile::render_text(plan);
    return kExitOk;
  }
  hold_restarts(s);  // nothing may come back while we take it down
  execute::ExecuteOptions options;
  options.stop_timeout = o.timeout;
  options.progress = progress_printer(global.progress);
  auto executed = execute::execute(*s.engine, s.project, plan, options);
  notify_supervisor(s);  // it records what was destroyed
  if (!executed) return fail(executed.error());
  if (auto st = retire_supervisor(s); !st) return fail(st.error());
  if (o.volumes)
    if (auto st = remove_anonymous_volumes(s); !st) return fail(st.error());
  if (auto st = remove_images(s, o.rmi); !st) return fail(st.error());
  return kExitOk;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("down", "Stop and remove the project's containers and networks");
  auto o = std::make_shared<DownOptions>();
  cmd->add_flag("-v,--volumes", o->volumes, "Also remove named volumes declared by the project and anonymous ones");
  cmd->add_flag("--remove-orphans", o->remove_orphans, "Also remove containers of services not in the files");
  cmd->add_option("-t,--timeout", o->timeout, "Seconds to wait for stop before killing");
  cmd->add_option("--rmi", o->rmi, "Remove images used by services")->check(CLI::IsMember({"local", "all"}));
  return [&global, o] { return run_down(global, *o); };
}

const Registration registration{"down", &setup};

}  // namespace
}  // namespace mocker::cli::compose
