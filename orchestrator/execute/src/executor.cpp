#include "executor.hpp"

#include <mocker/spec/serialize.hpp>

#include <mocker/execute/schedule.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

namespace mocker::orchestrator::execute {

namespace sys = engine::sys;
namespace container = engine::container;
using reconcile::Action;
using reconcile::Operation;

Executor::Executor(engine::Engine& engine, const spec::Project& project, const ExecuteOptions& options)
    : engine_(engine),
      project_(project),
      options_(options),
      stamp_(reconcile::stamp_of(project)),
      volumes_(engine.store(), engine.records()) {}

namespace {

// Steps in progress end in "ing" (Creating, Waiting); anything else is where
// the object ended up (Created, Healthy, Exited (0)).
ProgressEvent::Kind kind_of(const std::string& status) {
  return status.ends_with("ing") ? ProgressEvent::Kind::working : ProgressEvent::Kind::done;
}

std::string label_of(const Operation& op) {
  switch (op.action) {
    case Action::create_network:
    case Action::remove_network: return "Network " + op.object;
    case Action::create_volume:
    case Action::remove_volume: return "Volume " + op.object;
    default: return "Container " + op.object;
  }
}

// How often a wait for a container to exit looks again, and for Ctrl-C.
constexpr auto kExitPoll = std::chrono::milliseconds(100);

}  // namespace

void Executor::emit(ProgressEvent event) {
  if (!options_.progress) return;
  std::lock_guard lock(progress_mutex_);
  options_.progress(event);
}

void Executor::say(const std::string& object, const std::string& what) { emit({kind_of(what), object, what}); }

void Executor::warn(const std::string& object, const std::string& text) {
  emit({ProgressEvent::Kind::warning, object, text});
}

void Executor::finish() { emit({ProgressEvent::Kind::finished, "", ""}); }

bool Executor::stopping() const { return stop_ || (options_.interrupted && options_.interrupted->load()); }

sys::Status Executor::run(const Operation& op) {
  auto step = [&]() -> sys::Status {
    switch (op.action) {
      case Action::create_network: return create_network(op);
      case Action::create_volume: return create_volume(op);
      case Action::create_container: return create_container(op);
      case Action::recreate_container:
        MOCKER_TRY(remove_container(op.container_id));
        return create_container(op);
      case Action::start_container: return start_container(op, op.container_id);
      case Action::restart_container:
        MOCKER_TRY(stop_container(op.container_id));
        return start_container(op, op.container_id);
      case Action::stop_container: return stop_container(op.container_id);
      case Action::remove_container: return remove_container(op.container_id);
      case Action::remove_network: return remove_network(op);
      case Action::remove_volume: return remove_volume(op);
    }
    return sys::ok();
  };
  auto st = step();
  if (st) return sys::ok();
  // The object's line ends either way, so a live view shows no step as running.
  if (st.error().err == kCanceled) {
    emit({ProgressEvent::Kind::canceled, label_of(op), "Canceled"});
    return st;
  }
  emit({ProgressEvent::Kind::failed, label_of(op), "Error"});
  return std::move(st).error().wrap(std::string(reconcile::to_string(op.action)) + " " + op.object);
}

sys::Status Executor::create_network(const Operation& op) {
  const spec::Network& n = project_.networks.at(op.key);
  engine::network::NetworkSpec spec;
  spec.name = op.object;
  spec.internal = n.internal;
  if (!n.ipam_config.empty()) {
    if (!n.ipam_config[0].subnet.empty()) spec.subnet = n.ipam_config[0].subnet;
    if (!n.ipam_config[0].gateway.empty()) spec.gateway = n.ipam_config[0].gateway;
  }
  spec.labels = n.labels;
  for (const auto& [k, v] : reconcile::network_labels(stamp_, op.key)) spec.labels[k] = v;
  say("Network " + op.object, "Creating");
  MOCKER_TRY(engine_.networks().create(spec));
  say("Network " + op.object, "Created");
  return sys::ok();
}

sys::Status Executor::create_volume(const Operation& op) {
  const spec::Volume& v = project_.volumes.at(op.key);
  engine::volume::VolumeSpec spec{op.object, v.labels};
  for (const auto& [k, val] : reconcile::volume_labels(stamp_, op.key)) spec.labels[k] = val;
  MOCKER_TRY(volumes_.create(spec));
  say("Volume " + op.object, "Created");
  return sys::ok();
}

sys::Result<std::string> Executor::volume_path(const std::string& service, int replica, const std::string& key) {
  if (key.rfind("anon:", 0) == 0) {
    // Anonymous volumes live as long as their service's containers' project:
    // named after the container and target, removed by `down -v`.
    std::string target = key.substr(5);
    std::string name = stamp_.project + "_" + service + "_" + std::to_string(replica) + "_anon_" +
                       std::to_string(std::hash<std::string>{}(target) % 100000000);
    auto labels = reconcile::volume_labels(stamp_, "");
    auto made = MOCKER_TRY(volumes_.ensure({name, labels}));
    return made.mountpoint;
  }
  auto it = project_.volumes.find(key);
  if (it == project_.volumes.end()) return sys::Error::invalid("volume", key, "not declared under top-level volumes");
  auto v = volumes_.get(it->second.name);
  if (!v && it->second.external)
    return std::move(v).error().wrap("external volume " + it->second.name + " must exist");
  if (!v) return std::move(v).error();
  return v->mountpoint;
}

sys::Result<Resolved> Executor::resolve(const spec::Service& service, int replica) {
  Resolved r;
  for (const auto& [key, n] : project_.networks) r.network_names[key] = n.name;
  r.volume_path = [this, name = service.name, replica](const std::string& key) {
    return volume_path(name, replica, key);
  };
  r.process_environment = options_.process_environment;
  if (service.network_mode && service.network_mode->kind == spec::NetworkMode::Kind::service) {
    auto parents = MOCKER_TRY(service_containers(service.network_mode->target));
    if (parents.empty())
      return sys::Error::invalid("network_mode", service.network_mode->target, "the service has no container");
    r.network_parent_id = parents.front().id;
  }
  return r;
}

std::string Executor::image_id(const std::string& image) {
  auto resolved = engine_.images().resolve(image);
  return resolved ? resolved->id : "";
}

// The create request of one of the service's containers, labelled, with its
// warnings reported and the bind sources it may create made.
sys::Result<Translation> Executor::prepare(const std::string& name, const std::string& container_name, int replica,
                                           bool oneoff) {
  const spec::Service& service = project_.services.at(name);
  Resolved resolved = MOCKER_TRY(resolve(service, replica));
  reconcile::ContainerIdentity identity;
  identity.service = name;
  identity.replica = replica;
  identity.oneoff = oneoff;
  identity.config_hash = spec::config_hash(service);
  identity.image_id = service.image ? image_id(*service.image) : "";
  identity.network_parent_id = resolved.network_parent_id;
  auto labels = reconcile::container_labels(stamp_, identity);
  Translation t = MOCKER_TRY(translate(project_, service, container_name, labels, resolved));
  for (const auto& w : t.warnings) warn(container_name, w);
  for (const auto& path : t.create_host_paths) {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return sys::Error::from_errno("mkdir", path, ec.value());
  }
  return t;
}

sys::Status Executor::create_container(const Operation& op) {
  Translation t = MOCKER_TRY(prepare(op.service, op.object, op.replica, false));
  say("Container " + op.object, "Creating");
  auto made = MOCKER_TRY(engine_.containers().create(t.options));
  say("Container " + op.object, "Created");
  if (!op.start) return sys::ok();
  return start_container(op, made.id);
}

sys::Result<container::Container> Executor::create_oneoff(const std::string& name, const OneOff& oneoff) {
  std::string container_name = oneoff.name;
  if (container_name.empty()) {
    std::random_device random;
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "%06x", random() & 0xffffff);
    container_name = project_.name + "-" + name + "-run-" + suffix;
  }
  Translation t = MOCKER_TRY(prepare(name, container_name, 0, true));
  auto& o = t.options;
  if (!oneoff.command.empty()) o.cmd = oneoff.command;
  if (oneoff.entrypoint) o.entrypoint = oneoff.entrypoint;
  o.env.insert(o.env.end(), oneoff.env.begin(), oneoff.env.end());
  if (!oneoff.service_ports) o.network.publish.clear();  // like docker compose run
  // Peers asking for the service must not reach a one-off by chance.
  if (!oneoff.use_aliases)
    for (auto& n : o.network.networks) n.aliases.clear();
  o.network.publish.insert(o.network.publish.end(), oneoff.publish.begin(), oneoff.publish.end());
  o.tty = oneoff.tty;
  o.stdin_open = oneoff.stdin_open;
  o.auto_remove = oneoff.auto_remove;
  return engine_.containers().create(o);
}

sys::Status Executor::start_container(const Operation& op, const std::string& id) {
  for (const auto& wait : op.waits) MOCKER_TRY(wait_for(wait));
  say("Container " + op.object, "Starting");
  MOCKER_TRY(engine_.containers().start(id));
  say("Container " + op.object, "Started");
  return sys::ok();
}

sys::Status Executor::stop_container(const std::string& id) {
  auto c = MOCKER_TRY(engine_.containers().get(id));
  if (c.state.status != container::Status::running) return sys::ok();
  say("Container " + c.name, "Stopping");
  MOCKER_TRY(engine_.containers().stop(id, options_.stop_timeout));
  say("Container " + c.name, "Stopped");
  return sys::ok();
}

sys::Status Executor::remove_container(const std::string& id) {
  auto c = MOCKER_TRY(engine_.containers().get(id));
  MOCKER_TRY(stop_container(id));
  say("Container " + c.name, "Removing");
  MOCKER_TRY(engine_.containers().remove(id, true));
  say("Container " + c.name, "Removed");
  return sys::ok();
}

sys::Status Executor::remove_network(const Operation& op) {
  say("Network " + op.object, "Removing");
  MOCKER_TRY(engine_.networks().remove(op.object));
  say("Network " + op.object, "Removed");
  return sys::ok();
}

sys::Status Executor::remove_volume(const Operation& op) {
  MOCKER_TRY(volumes_.remove(op.object));
  say("Volume " + op.object, "Removed");
  return sys::ok();
}

sys::Result<std::vector<container::Container>> Executor::service_containers(const std::string& service) {
  auto all = MOCKER_TRY(engine_.containers().list(
      true, {reconcile::project_filter(stamp_.project), std::string(reconcile::label::kService) + "=" + service}));
  std::vector<container::Container> out;
  for (auto& c : all)
    if (c.labels[reconcile::label::kOneoff] != "true") out.push_back(std::move(c));
  return out;
}

sys::Status Executor::wait_for(const reconcile::Wait& wait) {
  using spec::DependencyCondition;
  auto containers = MOCKER_TRY(service_containers(wait.service));
  auto fail = [&](const std::string& why) -> sys::Status {
    if (!wait.required) {
      warn(wait.service, why + " (optional dependency, going on)");
      return sys::ok();
    }
    return sys::Error::invalid("dependency", wait.service, why);
  };
  if (containers.empty()) return fail("service has no container");
  switch (wait.condition) {
    case DependencyCondition::service_started:
      return sys::ok();  // the plan started it before this operation
    case DependencyCondition::service_healthy:
      if (!options_.wait_healthy) return fail("condition service_healthy needs the supervisor, which is not running");
      for (const auto& c : containers) {
        say("Container " + c.name, "Waiting");
        auto st = options_.wait_healthy(c);
        if (!st) return wait.required ? std::move(st).error().wrap("service \"" + wait.service + "\" is not healthy") : fail(st.error().render());
        say("Container " + c.name, "Healthy");
      }
      return sys::ok();
    case DependencyCondition::service_completed_successfully:
      for (const auto& c : containers) {
        auto st = wait_completed(c, wait.service);
        if (!st && st.error().err == kCanceled) return st;
        if (!st) return wait.required ? st : fail(st.error().render());
      }
      return sys::ok();
  }
  return sys::ok();
}

// Polls rather than blocking in the facade's wait, so that Ctrl-C or a failure
// elsewhere ends the wait at once. It ends when the container exits: a job
// may run for as long as it needs (docker compose sets no limit either).
sys::Result<int> Executor::exit_code_when_done(const container::Container& c) {
  for (;;) {
    auto now = MOCKER_TRY(engine_.containers().get(c.id));
    if (now.state.status != container::Status::running) return now.state.exit_code;
    if (stopping()) return sys::Error::from_errno("wait for", c.name, kCanceled);
    std::this_thread::sleep_for(kExitPoll);
  }
}

sys::Status Executor::wait_completed(const container::Container& c, const std::string& service) {
  const std::string object = "Container " + c.name;
  say(object, "Waiting");
  auto code = exit_code_when_done(c);
  if (!code) {
    bool canceled = code.error().err == kCanceled;
    emit({canceled ? ProgressEvent::Kind::canceled : ProgressEvent::Kind::failed, object, canceled ? "Canceled" : "Error"});
    return std::move(code).error();
  }
  if (*code == 0) {
    say(object, "Exited (0)");
    return sys::ok();
  }
  emit({ProgressEvent::Kind::failed, object, "Exited (" + std::to_string(*code) + ")"});
  std::string tail;
  container::LogOptions logs;
  logs.tail = options_.failure_log_lines;
  (void)engine_.containers().logs(c.id, logs, [&](const std::string&, const std::string& text) {
    tail += "\n  " + c.name + " | " + text;
    if (!tail.empty() && tail.back() == '\n') tail.pop_back();
  });
  return sys::Error::invalid("dependency", service,
                             "service \"" + service + "\" didn't complete successfully: exit " +
                                 std::to_string(*code) + (tail.empty() ? "" : "; last log lines:" + tail));
}

}  // namespace mocker::orchestrator::execute
