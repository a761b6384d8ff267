#include <mocker/container/engine.hpp>

#include <cstdlib>

namespace mocker::engine {

std::string default_cgroup_parent() {
  const char* env = std::getenv("MOCKER_CGROUP_PARENT");
  return env && *env ? env : "mocker";
}

Engine::Engine(storage::Store store, state::Records records, container::ContainersConfig config)
    : store_(std::move(store)),
      records_(std::move(records)),
      images_(std::make_unique<image::ImageStore>(store_, records_)),
      containers_(std::make_unique<container::Containers>(store_, records_, *images_, std::move(config))) {}

sys::Result<std::unique_ptr<Engine>> Engine::open(const EngineOptions& options) {
  auto store = MOCKER_TRY(storage::Store::open(options.store));
  auto records = MOCKER_TRY(state::Records::open(store.state_dir()));
  container::ContainersConfig config{options.init_path, options.cgroup_parent};
  if (config.init_path.empty()) {
    auto found = runtime::locate_init();
    if (found) config.init_path = *found;  // a missing init fails `start`, not image commands
  }
  return std::unique_ptr<Engine>(new Engine(std::move(store), std::move(records), std::move(config)));
}

}  // namespace mocker::engine
