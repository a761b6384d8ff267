#pragma once
// Container lifecycle over image, storage, state, cgroup and runtime. Every
// resource is recorded in the container's record before it is made; rm and
// rollback remove exactly what the record lists.
#include <mocker/cgroup/cgroup.hpp>
#include <mocker/container/container.hpp>
#include <mocker/image/store.hpp>
#include <mocker/network/network.hpp>
#include <mocker/state/records.hpp>
#include <mocker/storage/store.hpp>

#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::container {

struct ContainersConfig {
  std::string init_path;                // mocker-init
  std::string cgroup_parent = "mocker"; // every container's group is <parent>/<id>
};

struct ProcessInfo {
  pid_t pid;
  uid_t uid;
  std::string command;
};

// Where `logs` writes: one call per record, stream is "stdout" or "stderr".
using LogSink = std::function<void(const std::string& stream, const std::string& text)>;

// When create() makes the container's rootfs (a btrfs snapshot, whose
// transaction commit takes 2 to 20 ms here).
enum class RootfsTiming {
  before_return,   // create returns with the rootfs made
  while_starting,  // made in the background; a start() of this Containers right
                   // after create waits for it only before init mounts it (run)
};

class Containers {
 public:
  Containers(const storage::Store& store, const state::Records& records, image::ImageStore& images,
             network::Networks& networks, ContainersConfig config)
      : store_(store), records_(records), images_(images), networks_(networks), config_(std::move(config)) {}

  sys::Result<Container> create(const CreateOptions& options, RootfsTiming timing = RootfsTiming::before_return);
  // Starts a created or exited container; returns once its workload runs.
  sys::Result<Container> start(const std::string& ref);
  // By full id, unique id prefix or name; the state is brought up to date.
  sys::Result<Container> get(const std::string& ref);
  sys::Result<std::vector<Container>> list(bool all, const std::vector<std::string>& label_filters);
  // The stop signal, then SIGKILL after the timeout (default: the container's).
  sys::Result<Container> stop(const std::string& ref, std::optional<int> timeout_seconds);
  sys::Status kill(const std::string& ref, int signal);
  sys::Status remove(const std::string& ref, bool force);
  // Blocks until the container exits; its exit code.
  sys::Result<int> wait(const std::string& ref);
  // Blocks until the container (by full id) exits, removes it and returns its
  // exit code, without recording the exit first: for run --rm.
  sys::Result<int> wait_and_remove(const std::string& id);
  sys::Status logs(const std::string& ref, const LogOptions& options, const LogSink& sink);
  sys::Result<int> exec(const std::string& ref, runtime::Process process, const runtime::ExecIo& io);
  // exec without the wait: the process runs under the returned helper, which
  // exits with its status (runtime::exec_wait, or a pidfd in an event loop).
  // With process.tty the process gets a terminal (TERM=xterm unless its
  // environment names one) whose master comes back in the handle.
  sys::Result<runtime::ExecHandle> exec_start(const std::string& ref, runtime::Process process,
                                              const runtime::ExecIo& io);
  // A connection to the container's attach socket (it has a tty or an open
  // stdin): output packets come from it, input and resize packets go to it.
  sys::Result<sys::Fd> attach(const std::string& ref);
  sys::Result<cgroup::Stats> stats(const std::string& ref);
  sys::Result<std::vector<ProcessInfo>> top(const std::string& ref);
  sys::Result<image::Image> commit(const std::string& ref, const image::Reference& target);

  bool image_in_use(const std::string& image_id);

  // manage.cpp: pause / unpause freeze and thaw the container's cgroup.
  sys::Result<Container> pause(const std::string& ref);
  sys::Result<Container> unpause(const std::string& ref);
  // stop (with the timeout), then start; a stopped container is just started.
  sys::Result<Container> restart(const std::string& ref, std::optional<int> timeout_seconds);
  sys::Status rename(const std::string& ref, const std::string& new_name);
  // Sets the given limits in the record and, when it runs, in its cgroup.
  sys::Result<cgroup::Warnings> update(const std::string& ref, const cgroup::Limits& limits);

  // copy.cpp: cp and export, through the container's rootfs (running or not);
  // container paths are resolved inside it. Volumes and tmpfs are not seen.
  sys::Status copy_out(const std::string& ref, const std::string& path, const std::string& host_path);
  sys::Status copy_in(const std::string& ref, const std::string& host_path, const std::string& path);
  sys::Status copy_out_tar(const std::string& ref, const std::string& path, int out_fd);
  sys::Status copy_in_tar(const std::string& ref, int in_fd, const std::string& path);
  sys::Status export_rootfs(const std::string& ref, int out_fd);

  // usage.cpp (system df, prune): bytes of the files the container changed or
  // added over its image (apparent sizes; deletions are not counted).
  uint64_t writable_size(const Container& c);
  // The cgroup layout containers are placed in.
  sys::Result<const cgroup::Hierarchy*> cgroup_hierarchy();

  // network connect / disconnect. The container's record changes; a running
  // container is attached (or detached) at once, a stopped one at its next start.
  sys::Status connect(const std::string& ref, const NetworkRequest& request);
  sys::Status disconnect(const std::string& ref, const std::string& network);
  // Its endpoints and published ports now; for a sharer, its parent's state.
  sys::Result<NetworkView> network_view(const Container& c);
  // Lets go of the veths and ports of containers that are not running
  // (exited unnoticed, or a crash mid-start; their leases stay) and of the
  // leases of containers that no longer exist. Cheap when every holder is
  // alive, so every command can afford it.
  sys::Status clean_up_networks();

 private:
  sys::Result<Container> load(const std::string& id);
  sys::Status save(const Container& c);
  sys::Result<Container> refresh(Container c);
  sys::Status mark_exited(Container& c);
  bool oom_killed_since_start(const Container& c);
  sys::Result<cgroup::Hierarchy*> hierarchy();
  sys::Status release(const Container& c);
  sys::Status signal_if_running(const Container& c, int signal);
  sys::Status kill_all(const Container& c, bool paused);
  sys::Status thaw_after_signal(const Container& c);
  sys::Result<std::string> rootfs_of(const std::string& ref);
  sys::Status launch(Container& c, std::optional<std::future<sys::Status>> rootfs);
  // The snapshot create(while_starting) left running for this container, if any.
  std::optional<std::future<sys::Status>> take_pending_rootfs(const std::string& id);
  sys::Status repair_volumes(const std::vector<runtime::Mount>& mounts);
  // A create killed part-way (kill -9 of `up`) left the record but not its
  // root filesystem: start makes what is missing, as for half-made volumes.
  sys::Status finish_create(Container& c);
  sys::Status resolve_network(NetworkSettings& n, const std::string& id);
  sys::Status reserve_addresses(const Container& c);
  sys::Status join_parent(Container& c);
  sys::Status plumb_network(const Container& c, pid_t init_pid);
  sys::Status write_network_files(const Container& c, const std::vector<network::Endpoint>& own, bool in_place);

  const storage::Store& store_;
  const state::Records& records_;
  image::ImageStore& images_;
  network::Networks& networks_;
  ContainersConfig config_;
  // Found on first use (image commands never need it). The compose executor
  // calls in from several threads; everything else here is either immutable
  // or on disk under the records' and networks' flocks.
  std::mutex hierarchy_mutex_;
  std::optional<cgroup::Hierarchy> hierarchy_;
  std::mutex pending_mutex_;
  std::map<std::string, std::future<sys::Status>> pending_rootfs_;  // by container id
};

// Apparent size of the regular files below dir (du --apparent-size -b).
uint64_t apparent_size(const std::string& dir);

// Parses "SIGTERM", "TERM", "15"; 0 when unknown.
int parse_signal(const std::string& text);

// For an error of start or exec_start: 127 when the command was not found, 126
// when it was found but could not be executed (docker's and the shells' codes);
// 0 for any other error.
int command_failure_status(const sys::Error& e);

}  // namespace mocker::engine::container
