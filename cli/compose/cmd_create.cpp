// mocker-compose create: plan and make the project's containers (and their
// networks and volumes) without starting anything, like `up --no-start`.
#include "command.hpp"
#include "progress.hpp"
#include "project_lock.hpp"
#include "session.hpp"
#include "supervise.hpp"

#include <mocker/execute/execute.hpp>
#include <mocker/reconcile/plan.hpp>

#include <iostream>
#include <memory>

namespace mocker::cli::compose {
namespace {

namespace reconcile = orchestrator::reconcile;
namespace execute = orchestrator::execute;

struct CreateOptions {
  bool force_recreate = false;
  bool no_recreate = false;
  bool remove_orphans = false;
  std::vector<std::string> scale;
  std::vector<std::string> services;
};

engine::sys::Result<std::map<std::string, int>> parse_scale(const std::vector<std::string>& items) {
  std::map<std::string, int> out;
  for (const auto& item : items) {
    size_t eq = item.find('=');
    int n = -1;
    bool digits = eq != std::string::npos && eq + 1 < item.size() && item.size() - eq - 1 <= 6 &&
                  item.find_first_not_of("0123456789", eq + 1) == std::string::npos;
    if (digits) n = std::stoi(item.substr(eq + 1));
    if (n < 0) return engine::sys::Error::invalid("--scale", item, "expected SERVICE=N");
    out[item.substr(0, eq)] = n;
  }
  return out;
}

int run_create(const GlobalOptions& global, const CreateOptions& o) {
  auto session = open_session(global, true);
  if (!session) return kExitFailure;
  Session& s = *session;
  // Like up: one command at a time plans and changes the project.
  auto lock = ProjectLock::acquire(supervisor_paths(s), s.project.name);
  if (!lock) return fail(lock.error());
  reconcile::PlanOptions plan_options;
  plan_options.services = o.services;
  plan_options.force_recreate = o.force_recreate;
  plan_options.no_recreate = o.no_recreate;
  plan_options.remove_orphans = o.remove_orphans;
  plan_options.no_start = true;
  auto scale = parse_scale(o.scale);
  if (!scale) return fail(scale.error());
  plan_options.scale = *scale;
  auto images = execute::resolve_images(*s.engine, s.project);
  if (!images) return fail(images.error());
  plan_options.image_ids = *images;
  auto observed = s.observe();
  if (!observed) return fail(observed.error());
  reconcile::Plan plan = reconcile::plan(s.project, *observed, plan_options);
  for (const auto& w : plan.warnings) std::cerr << "WARN " << w << '\n';
  for (const auto& e : plan.errors) std::cerr << "mocker-compose: " << e << '\n';
  if (!plan.errors.empty()) return kExitFailure;
  execute::ExecuteOptions options;
  options.process_environment = s.environment;
  options.progress = progress_printer(global.progress);
  auto executed = execute::execute(*s.engine, s.project, plan, options);
  ensure_supervisor(s);  // it learns of what was made, or adopts what a dead one left
  if (!executed) return fail(executed.error());
  return kExitOk;
}

std::function<int()> setup(CLI::App& app, const GlobalOptions& global) {
  auto* cmd = app.add_subcommand("create", "Create the services' containers without starting them");
  auto o = std::make_shared<CreateOptions>();
  cmd->add_flag("--force-recreate", o->force_recreate, "Recreate containers even if nothing changed");
  cmd->add_flag("--no-recreate", o->no_recreate, "Never recreate existing containers");
  cmd->add_flag("--remove-orphans", o->remove_orphans, "Remove containers of services not in the files");
  cmd->add_option("--scale", o->scale, "SERVICE=N (repeatable)");
  cmd->add_option("SERVICE", o->services, "Services (default: all)");
  return [&global, o] { return run_create(global, *o); };
}

const Registration registration{"create", &setup};

}  // namespace
}  // namespace mocker::cli::compose
