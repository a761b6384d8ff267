#pragma once
// The engine facade: the one header the orchestrator and the CLI include.
#include <mocker/container/containers.hpp>
#include <mocker/image/store.hpp>
#include <mocker/state/records.hpp>
#include <mocker/storage/store.hpp>
#include <mocker/sys/result.hpp>

#include <memory>

namespace mocker::engine {

// $MOCKER_CGROUP_PARENT, else "mocker".
std::string default_cgroup_parent();

struct EngineOptions {
  storage::StoreOptions store = storage::StoreOptions::from_environment();
  std::string init_path;                                // empty: runtime::locate_init()
  std::string dns_path;                                 // empty: network::locate_dns_server(); none found: no DNS servers
  std::string cgroup_parent = default_cgroup_parent();  // containers' groups are <parent>/<id>
};

class Engine {
 public:
  static sys::Result<std::unique_ptr<Engine>> open(const EngineOptions& options);

  image::ImageStore& images() { return *images_; }
  container::Containers& containers() { return *containers_; }
  network::Networks& networks() { return *networks_; }
  const storage::Store& store() const { return store_; }
  const state::Records& records() const { return records_; }

  // True when some container was created from the image (rmi refuses then).
  bool image_in_use(const std::string& image_id) { return containers_->image_in_use(image_id); }

 private:
  Engine(storage::Store store, state::Records records, network::Networks networks,
         container::ContainersConfig config);
  storage::Store store_;
  state::Records records_;
  std::unique_ptr<image::ImageStore> images_;
  std::unique_ptr<network::Networks> networks_;
  std::unique_ptr<container::Containers> containers_;
};

}  // namespace mocker::engine
