#include <mocker/execute/execute.hpp>

#include "executor.hpp"

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
  return executor.create_oneoff(service, oneoff);
}

sys::Status execute(engine::Engine& engine, const spec::Project& project, const reconcile::Plan& plan,
                    const ExecuteOptions& options) {
  if (!plan.errors.empty()) return sys::Error::invalid("up", project.name, plan.errors.front());
  Executor executor(engine, project, options);
  for (const auto& op : plan.operations) {
    if (options.interrupted && options.interrupted->load())
      return sys::Error::from_errno("up", project.name, EINTR).wrap("interrupted");
    MOCKER_TRY(executor.run(op));
  }
  return sys::ok();
}

}  // namespace mocker::orchestrator::execute
