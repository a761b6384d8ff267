#include <mocker/container/engine.hpp>

namespace mocker::engine {

Engine::Engine(storage::Store store, state::Records records)
    : store_(std::move(store)), records_(std::move(records)), images_(std::make_unique<image::ImageStore>(store_, records_)) {}

sys::Result<std::unique_ptr<Engine>> Engine::open(const EngineOptions& options) {
  auto store = MOCKER_TRY(storage::Store::open(options.store));
  auto records = MOCKER_TRY(state::Records::open(store.state_dir()));
  return std::unique_ptr<Engine>(new Engine(std::move(store), std::move(records)));
}

bool Engine::image_in_use(const std::string& image_id) const {
  auto containers = records_.list("containers");
  if (!containers) return true;  // cannot tell: be safe
  for (const auto& c : *containers)
    if (c.value("image_id", "") == image_id) return true;
  return false;
}

}  // namespace mocker::engine
