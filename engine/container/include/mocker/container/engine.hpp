#pragma once
// The engine facade: the one header the orchestrator and the CLI include.
#include <mocker/image/store.hpp>
#include <mocker/state/records.hpp>
#include <mocker/storage/store.hpp>
#include <mocker/sys/result.hpp>

#include <memory>

namespace mocker::engine {

struct EngineOptions {
  storage::StoreOptions store = storage::StoreOptions::from_environment();
};

class Engine {
 public:
  static sys::Result<std::unique_ptr<Engine>> open(const EngineOptions& options);

  image::ImageStore& images() { return *images_; }
  const storage::Store& store() const { return store_; }
  const state::Records& records() const { return records_; }

  // True when some container was created from the image (rmi refuses then).
  bool image_in_use(const std::string& image_id) const;

 private:
  Engine(storage::Store store, state::Records records);
  storage::Store store_;
  state::Records records_;
  std::unique_ptr<image::ImageStore> images_;
};

}  // namespace mocker::engine
