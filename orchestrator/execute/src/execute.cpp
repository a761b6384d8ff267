#include <mocker/execute/execute.hpp>

#include "executor.hpp"

#include <mocker/execute/schedule.hpp>

namespace mocker::orchestrator::execute {

namespace sys = engine::sys;

sys::Result<std::map<std::string, std::string>> resolve_images(engine::Engine& engine,
                                                               const spec::Project& project) {
  std::map<std::string, std::string> ids;
  std::map<std::string, std::string> by_reference;  // services often share an image: resolve it once
  for (const auto& [name, service] : project.services) {
    if (!service.image) {
      return sys::Error::invalid("resolve image", name,
                                 "services." + name + ": no image, and build is not supported");
    }
    auto known = by_reference.find(*service.image);
    if (known == by_reference.end()) {
      auto image = engine.images().resolve(*service.image);
      if (!image) return std::move(image).error().wrap("services." + name + ".image");
      known = by_reference.emplace(*service.image, image->id).first;
    }
    ids[name] = known->second;
  }
  return ids;
}

sys::Result<engine::container::Container> create_oneoff(engine::Engine& engine, const spec::Project& project,
                                                        const std::string& service, const OneOff& oneoff,
                                                        const ExecuteOptions& options) {
  if (!project.services.count(service))
    return sys::Error::invalid("run", service, "no such service in project " + project.name);
  Executor executor(engine, project, options);
  auto made = executor.create_oneoff(service, oneoff);
  executor.finish();
  return made;
}

namespace {

// The first error is the cause; the others follow it as notes.
sys::Error first_error(std::vector<sys::Error> errors) {
  sys::Error first = std::move(errors.front());
  for (size_t i = 1; i < errors.size(); ++i) first = std::move(first).with_note("also: " + errors[i].render());
  return first;
}

}  // namespace

sys::Status execute(engine::Engine& engine, const spec::Project& project, const reconcile::Plan& plan,
                    const ExecuteOptions& options) {
  if (!plan.errors.empty()) return sys::Error::invalid("up", project.name, plan.errors.front());
  std::vector<std::vector<size_t>> after;
  for (const auto& op : plan.operations) after.push_back(op.after);
  auto schedule = Schedule::make(std::move(after));
  if (!schedule) return std::move(schedule).error().wrap("up " + project.name);
  Executor executor(engine, project, options);
  auto outcome = run_parallel(
      std::move(*schedule), options.workers ? options.workers : default_workers(),
      [&](size_t i) { return executor.run(plan.operations[i]); }, executor.stop(), options.interrupted);
  executor.finish();
  if (!outcome.errors.empty()) return first_error(std::move(outcome.errors));
  if (outcome.interrupted)
    return sys::Error::invalid("interrupted", project.name,
                               std::to_string(outcome.completed) + " of " + std::to_string(outcome.total) +
                                   " operations done; run the command again to converge");
  return sys::ok();
}

}  // namespace mocker::orchestrator::execute
