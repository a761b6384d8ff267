#include <mocker/container/engine.hpp>

#include <cstdlib>

namespace mocker::engine {

std::string default_cgroup_parent() {
  const char* env = std::getenv("MOCKER_CGROUP_PARENT");
  return env && *env ? env : "mocker";
}

Engine::Engine(storage::Store store, state::Records records, network::Networks networks,
               container::ContainersConfig config)
    : store_(std::move(store)),
      records_(std::move(records)),
      images_(std::make_unique<image::ImageStore>(store_, records_)),
      networks_(std::make_unique<network::Networks>(std::move(networks))),
      containers_(std::make_unique<container::Containers>(store_, records_, *images_, *networks_, std::move(config))) {}

namespace {
// Without mocker-dns, networks still work: containers then find peers through
// their hosts files (see docs/networking.md).
network::NetworkConfig network_config(const EngineOptions& options) {
  network::NetworkConfig config;
  config.dns_binary = options.dns_path;
  if (config.dns_binary.empty()) {
    auto found = network::locate_dns_server();
    if (found) config.dns_binary = *found;
  }
  return config;
}
}  // namespace

sys::Result<std::unique_ptr<Engine>> Engine::open(const EngineOptions& options) {
  auto store = MOCKER_TRY(storage::Store::open(options.store));
  auto records = MOCKER_TRY(state::Records::open(store.state_dir()));
  auto networks = MOCKER_TRY(network::Networks::open(records, network_config(options)));
  container::ContainersConfig config{options.init_path, options.cgroup_parent};
  if (config.init_path.empty()) {
    auto found = runtime::locate_init();
    if (found) config.init_path = *found;  // a missing init fails `start`, not image commands
  }
  std::unique_ptr<Engine> engine(new Engine(std::move(store), std::move(records), std::move(networks), std::move(config)));
  // A command that died mid-start (or containers that exited unnoticed) may
  // have left endpoints and ports behind; the next command releases them.
  // Best effort: on a full store it may fail, and every command, ps and rm
  // included, must still work; a later command finishes the job.
  (void)engine->containers().clean_up_networks();
  return engine;
}

}  // namespace mocker::engine
