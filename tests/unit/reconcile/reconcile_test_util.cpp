#include "reconcile_test_util.hpp"

#include <mocker/reconcile/labels.hpp>
#include <mocker/spec/load.hpp>
#include <mocker/spec/serialize.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace mocker::orchestrator::reconcile::testing {

namespace fs = std::filesystem;

spec::Project load(const std::string& yaml) {
  std::string tmpl = (fs::temp_directory_path() / "mocker-reconcile-XXXXXX").string();
  const fs::path dir = ::mkdtemp(tmpl.data());
  std::ofstream(dir / "compose.yaml") << yaml;
  spec::LoadOptions options;
  options.working_dir = dir.string();
  options.environment = {{"HOME", "/home/tester"}};
  spec::LoadResult result = spec::load_project(options);
  fs::remove_all(dir);
  EXPECT_TRUE(result.project.has_value()) << spec::render(result.errors);
  return result.project ? *result.project : spec::Project{};
}

namespace {

int generation = 0;

std::string image_of(const std::map<std::string, std::string>& image_ids, const std::string& service) {
  auto it = image_ids.find(service);
  return it == image_ids.end() ? std::string() : it->second;
}

std::string first_container_id(const Observed& observed, const std::string& service) {
  const ObservedContainer* first = nullptr;
  for (const auto& c : observed.containers)
    if (c.service == service && !c.oneoff && (!first || c.replica < first->replica)) first = &c;
  return first ? first->id : std::string();
}

ObservedContainer made(const Operation& op, const spec::Project& desired, const Observed& observed,
                       const std::map<std::string, std::string>& image_ids) {
  const spec::Service& service = desired.services.at(op.service);
  ObservedContainer c;
  c.id = op.object + "#" + std::to_string(++generation);
  c.name = op.object;
  c.service = op.service;
  c.replica = op.replica;
  c.config_hash = spec::config_hash(service);
  c.image_id = image_of(image_ids, op.service);
  c.status = op.start ? ContainerStatus::running : ContainerStatus::created;
  if (service.network_mode && service.network_mode->kind == spec::NetworkMode::Kind::service)
    c.network_parent_id = first_container_id(observed, service.network_mode->target);
  return c;
}

void erase_container(Observed& observed, const std::string& id) {
  auto& cs = observed.containers;
  cs.erase(std::remove_if(cs.begin(), cs.end(), [&](const auto& c) { return c.id == id; }), cs.end());
}

}  // namespace

ObservedContainer& container(Observed& observed, const std::string& name) {
  for (auto& c : observed.containers)
    if (c.name == name) return c;
  ADD_FAILURE() << "no container " << name;
  static ObservedContainer none;
  return none;
}

Observed apply(const Plan& plan, const spec::Project& desired, Observed observed,
               const std::map<std::string, std::string>& image_ids) {
  for (const auto& op : plan.operations) {
    switch (op.action) {
      case Action::create_network:
        observed.networks.push_back({op.object, "net#" + op.object, network_labels(stamp_of(desired), op.key), false});
        break;
      case Action::create_volume:
        observed.volumes.push_back({op.object, volume_labels(stamp_of(desired), op.key), false});
        break;
      case Action::recreate_container:
        erase_container(observed, op.container_id);
        [[fallthrough]];
      case Action::create_container:
        observed.containers.push_back(made(op, desired, observed, image_ids));
        break;
      case Action::start_container:
      case Action::restart_container:
        container(observed, op.object).status = ContainerStatus::running;
        break;
      case Action::stop_container:
        container(observed, op.object).status = ContainerStatus::exited;
        break;
      case Action::remove_container:
        erase_container(observed, op.container_id);
        break;
      case Action::remove_network:
        std::erase_if(observed.networks, [&](const auto& n) { return n.name == op.object; });
        break;
      case Action::remove_volume:
        std::erase_if(observed.volumes, [&](const auto& v) { return v.name == op.object; });
        break;
    }
  }
  return observed;
}

Observed converged(const spec::Project& desired, const PlanOptions& options) {
  Plan up = plan(desired, Observed{}, options);
  EXPECT_TRUE(up.errors.empty()) << render_text(up);
  return apply(up, desired, Observed{}, options.image_ids);
}

std::vector<std::string> lines(const Plan& plan) { return render_lines(plan); }

}  // namespace mocker::orchestrator::reconcile::testing
