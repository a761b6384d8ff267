#pragma once
// The operations of a plan, through the facade; see execute.hpp. run() is
// called from several worker threads at once: the facade calls it makes are
// safe for that (docs/architecture.md), the progress sink is called under a
// mutex so lines stay whole, and waits poll stop() to give up early.
#include <mocker/execute/execute.hpp>
#include <mocker/execute/translate.hpp>
#include <mocker/reconcile/labels.hpp>
#include <mocker/volume/volumes.hpp>

#include <atomic>
#include <mutex>

namespace mocker::orchestrator::execute {

class Executor {
 public:
  Executor(engine::Engine& engine, const spec::Project& project, const ExecuteOptions& options);

  engine::sys::Status run(const reconcile::Operation& op);
  // Set when the run stops (a failure elsewhere, or Ctrl-C): waits give up.
  std::atomic<bool>& stop() { return stop_; }
  // The last event of a run: the CLI's live view leaves its final state.
  void finish();
  engine::sys::Result<engine::container::Container> create_oneoff(const std::string& service, const OneOff& oneoff);

 private:
  engine::sys::Status create_network(const reconcile::Operation& op);
  engine::sys::Status create_volume(const reconcile::Operation& op);
  engine::sys::Result<Translation> prepare(const std::string& service, const std::string& container_name, int replica,
                                          bool oneoff);
  engine::sys::Status create_container(const reconcile::Operation& op);
  engine::sys::Status start_container(const reconcile::Operation& op, const std::string& id);
  engine::sys::Status stop_container(const std::string& id);
  engine::sys::Status remove_container(const std::string& id);
  engine::sys::Status remove_network(const reconcile::Operation& op);
  engine::sys::Status remove_volume(const reconcile::Operation& op);

  engine::sys::Status wait_for(const reconcile::Wait& wait);
  engine::sys::Status wait_completed(const engine::container::Container& c, const std::string& service);
  engine::sys::Result<std::vector<engine::container::Container>> service_containers(const std::string& service);
  engine::sys::Result<std::string> volume_path(const std::string& service, int replica, const std::string& key);
  engine::sys::Result<Resolved> resolve(const spec::Service& service, int replica);
  std::string image_id(const std::string& image);
  engine::sys::Result<int> exit_code_when_done(const engine::container::Container& c);
  bool stopping() const;
  void say(const std::string& object, const std::string& what);
  void warn(const std::string& object, const std::string& text);
  void emit(ProgressEvent event);

  engine::Engine& engine_;
  const spec::Project& project_;
  const ExecuteOptions& options_;
  reconcile::ProjectStamp stamp_;
  engine::volume::Volumes volumes_;
  std::atomic<bool> stop_{false};
  std::mutex progress_mutex_;
};

}  // namespace mocker::orchestrator::execute
