// start, stop, kill, rm, wait: a container is managed through its init pid, its
// cgroup and the exit record init writes; nothing depends on who started it.
#include <mocker/container/containers.hpp>

#include "process.hpp"

#include <mocker/storage/subvolume.hpp>
#include <mocker/sys/fault.hpp>

#include <csignal>
#include <cstring>
#include <filesystem>
#include <thread>

namespace fs = std::filesystem;

namespace mocker::engine::container {

namespace {
constexpr const char* kKind = "containers";
constexpr auto kKillGrace = std::chrono::seconds(10);

std::string now() { return init::format_timestamp(init::now_realtime()); }
}  // namespace

int parse_signal(const std::string& text) {
  if (text.empty()) return 0;
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    int n = std::stoi(text);
    return n > 0 && n < NSIG ? n : 0;
  }
  std::string name = text.starts_with("SIG") ? text.substr(3) : text;
  for (int s = 1; s < NSIG; ++s) {
    const char* abbrev = sigabbrev_np(s);
    if (abbrev && name == abbrev) return s;
  }
  return 0;
}

sys::Status Containers::save(const Container& c) {
  return records_.write(kKind, c.id, container_to_json(c), sys::Durability::atomic);
}

sys::Result<Container> Containers::load(const std::string& id) {
  auto r = MOCKER_TRY(records_.read(kKind, id));
  if (!r) return sys::Error::invalid("find container", id, "no such container");
  return container_from_json(*r);
}

sys::Result<cgroup::Hierarchy*> Containers::hierarchy() {
  std::lock_guard lock(hierarchy_mutex_);
  if (!hierarchy_) hierarchy_ = MOCKER_TRY(cgroup::Hierarchy::detect());
  return &*hierarchy_;
}

// The state of a container whose init is gone: from init's exit record or,
// when init itself was killed, the status Docker reports (137).
sys::Status Containers::mark_exited(Container& c) {
  auto exit = MOCKER_TRY(runtime::read_exit_record(c.resources.dir));
  c.state.status = Status::exited;
  c.state.pid = 0;
  c.state.paused = false;
  if (exit) {
    c.state.exit_code = exit->exit_code;
    c.state.exit_signal = exit->signal;
    c.state.oom_killed = exit->oom_killed;
    c.state.finished_at = exit->finished_at;
  } else {
    c.state.exit_code = 128 + SIGKILL;
    c.state.exit_signal = SIGKILL;
    c.state.finished_at = now();
    c.state.oom_killed = oom_killed_since_start(c);
  }
  return sys::ok();
}

// init itself killed (no exit record): by the OOM killer if the group's count
// of OOM kills grew during this run. The group stays until the next start or rm.
bool Containers::oom_killed_since_start(const Container& c) {
  auto h = hierarchy();
  if (!h) return false;
  auto kills = (*h)->open(c.resources.cgroup).oom_kills();
  return kills && *kills > c.state.oom_kills_at_start;
}

// A running record whose init is gone is exited (mark_exited). Derived from
// init's exit record each time, not written: reading must work on a full
// store, and the next start or rm writes what it derives. Only an init that
// was killed (no exit record) has its exit written once, best effort, so
// that its finish time stays what it was when first noticed. Endpoints and
// ports are let go by the next command's clean_up_networks.
sys::Result<Container> Containers::refresh(Container c) {
  if (c.state.status != Status::running || is_alive(c.state.pid, c.state.pid_start_ticks)) return c;
  if (MOCKER_TRY(runtime::read_exit_record(c.resources.dir))) {
    MOCKER_TRY(mark_exited(c));
    return c;
  }
  auto lock = MOCKER_TRY(records_.lock());
  c = MOCKER_TRY(load(c.id));  // another command may have done this meanwhile
  if (c.state.status != Status::running || is_alive(c.state.pid, c.state.pid_start_ticks)) return c;
  MOCKER_TRY(mark_exited(c));
  (void)save(c);  // a full store: derived again next time, with a later finish time
  return c;
}

sys::Result<Container> Containers::get(const std::string& ref) {
  auto all = MOCKER_TRY(records_.list(kKind));
  const nlohmann::json* found = nullptr;
  int prefix_matches = 0;
  for (const auto& r : all) {
    if (r.value("id", "") == ref || r.value("name", "") == ref) {
      found = &r;
      prefix_matches = 1;
      break;
    }
    if (ref.size() >= 1 && r.value("id", "").starts_with(ref)) {
      found = &r;
      ++prefix_matches;
    }
  }
  if (!found) return sys::Error::invalid("find container", ref, "no such container");
  if (prefix_matches > 1) return sys::Error::invalid("find container", ref, "ambiguous id prefix: matches " + std::to_string(prefix_matches) + " containers");
  auto c = MOCKER_TRY(container_from_json(*found));
  return refresh(std::move(c));
}

sys::Result<std::vector<Container>> Containers::list(bool all, const std::vector<std::string>& filters) {
  auto records = MOCKER_TRY(records_.list(kKind));
  std::vector<Container> out;
  for (const auto& r : records) {
    auto c = MOCKER_TRY(refresh(MOCKER_TRY(container_from_json(r))));
    if (!all && c.state.status != Status::running) continue;
    if (!state::labels_match(c.labels, filters)) continue;
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(), [](const Container& a, const Container& b) { return a.created > b.created; });
  return out;
}

std::optional<std::future<sys::Status>> Containers::take_pending_rootfs(const std::string& id) {
  std::lock_guard lock(pending_mutex_);
  auto it = pending_rootfs_.find(id);
  if (it == pending_rootfs_.end()) return std::nullopt;
  auto f = std::move(it->second);
  pending_rootfs_.erase(it);
  return f;
}

// rootfs: the snapshot create(while_starting) left running; waited for before
// init mounts the rootfs. On an early return its future's destructor waits.
sys::Status Containers::launch(Container& c, std::optional<std::future<sys::Status>> rootfs) {
  auto* h = MOCKER_TRY(hierarchy());
  auto group = MOCKER_TRY(h->create(c.resources.cgroup, c.limits));  // path recorded at create
  c.spec.oom_counter_file = group.oom_counter_file();
  auto oom_kills = group.oom_kills();
  c.state.oom_kills_at_start = oom_kills ? *oom_kills : 0;
  // On v1 init joins the group itself, which is 10 to 20 ms faster than our
  // moving it (Cgroup::self_join_files); on v2 we move it.
  c.spec.cgroup_join_files = group.self_join_files();
  // A previous run's exit record goes. A container whose rootfs is still being
  // made has never run, and the lookup would wait for the snapshot's commit.
  if (!rootfs) ::unlink((c.resources.dir + "/" + init::kExitRecordFile).c_str());
  // Without a hook init does not wait for us: on v1 with no bridge network
  // (plumb_network's only work) and a rootfs already made there is nothing to
  // do between its start and setup.
  runtime::Hooks hooks;
  if (rootfs || c.spec.cgroup_join_files.empty() || c.network.kind == NetworkKind::bridge) {
    hooks.placed = [&](pid_t pid) -> sys::Status {
      if (rootfs) MOCKER_TRY(rootfs->get());
      if (c.spec.cgroup_join_files.empty()) MOCKER_TRY(group.add_process(pid));
      return plumb_network(c, pid);
    };
  }
  auto started = runtime::start(c.spec, hooks);
  if (!started) {
    auto e = std::move(started).error();
    if (c.network.kind == NetworkKind::bridge)  // its leases stay: they are the container's until rm
      if (auto r = networks_.deactivate(c.id); !r) e = std::move(e).with_note("cleanup: " + r.error().render());
    if (auto d = group.destroy(); !d) e = std::move(e).with_note("cleanup: " + d.error().render());
    return e;
  }
  c.state.status = Status::running;
  c.state.pid = started->init_pid;
  c.state.pid_start_ticks = start_ticks(started->init_pid);
  c.state.started_at = now();
  c.state.finished_at.clear();
  c.state.exit_code = 0;
  c.state.exit_signal = 0;
  c.state.oom_killed = false;
  c.state.stopped_by_user = false;
  c.state.paused = false;
  c.state.error.clear();
  return sys::ok();
}

sys::Result<Container> Containers::start(const std::string& ref) {
  Container c = MOCKER_TRY(get(ref));
  if (c.state.status == Status::running) return c;  // like docker: starting a running container is a no-op
  // Before the lock: finding the parent may bring its record up to date.
  if (c.network.kind == NetworkKind::container) MOCKER_TRY(std::move(join_parent(c)).context("start " + c.name));
  MOCKER_TRY(std::move(repair_volumes(c.spec.mounts)).context("start " + c.name));
  auto lock = MOCKER_TRY(records_.lock());
  auto rootfs = take_pending_rootfs(c.id);
  bool rootfs_in_background = rootfs.has_value();
  if (!rootfs_in_background && c.state.status == Status::created)
    MOCKER_TRY(std::move(finish_create(c)).context("start " + c.name));
  auto launched = launch(c, std::move(rootfs));
  if (!launched) {
    // A rootfs made in the background that did not come about: the create
    // never finished, so it is undone as create undoes itself.
    if (rootfs_in_background && !storage::is_subvolume(c.resources.rootfs)) {
      auto e = std::move(launched).error();
      if (auto cleanup = release(c); !cleanup) e = std::move(e).with_note("cleanup: " + cleanup.error().render());
      return std::move(e).wrap("create container " + c.name);
    }
    c.state.error = launched.error().render();
    (void)save(c);
    return std::move(launched).error().wrap("start " + c.name);
  }
  MOCKER_TRY(save(c));
  return c;
}

sys::Status Containers::kill(const std::string& ref, int signal) {
  Container c = MOCKER_TRY(get(ref));
  if (c.state.status != Status::running)
    return sys::Error::invalid("kill", c.name, "container is not running");
  bool was_paused = c.state.paused;
  {
    state::ReserveUse may_use_reserve;  // stop before rm, on a full store too
    auto lock = MOCKER_TRY(records_.lock());
    c.state.stopped_by_user = true;
    c.state.paused = false;
    MOCKER_TRY(save(c));
  }
  if (signal != SIGKILL) {  // SIGKILL is for the whole container; others go to init, which forwards them
    if (::kill(c.state.pid, signal) != 0 && errno != ESRCH) return sys::Error::last("kill", c.name);
    // A frozen process acts on a signal only once thawed (docker unpauses too).
    if (was_paused) MOCKER_TRY(thaw_after_signal(c));
    return sys::ok();
  }
  MOCKER_TRY(kill_all(c, was_paused));
  // Like docker's kill: back once the container is dead, so the next command
  // (rm) finds it so. Dying is enough: an init waits for the rest of its pid
  // namespace to be gone, which can outlast any wait.
  if (!wait_for_exit(c.state.pid, c.state.pid_start_ticks, kKillGrace) &&
      !is_exiting(c.state.pid, c.state.pid_start_ticks))
    return sys::Error::invalid("kill", c.name, "still running " + std::to_string(kKillGrace.count()) + "s after SIGKILL");
  return sys::ok();
}

sys::Status Containers::kill_all(const Container& c, bool paused) {
  auto* h = MOCKER_TRY(hierarchy());
  MOCKER_TRY(h->open(c.resources.cgroup).kill_all(SIGKILL));
  if (::kill(c.state.pid, SIGKILL) != 0 && errno != ESRCH) return sys::Error::last("kill", c.name);
  if (paused) MOCKER_TRY(thaw_after_signal(c));  // frozen processes die once thawed
  return sys::ok();
}

// A container that exits between the check and the signal is what the caller
// wants: only a container still running makes a failed signal an error.
sys::Status Containers::signal_if_running(const Container& c, int signal) {
  auto st = kill(c.id, signal);
  if (st) return st;
  auto now = MOCKER_TRY(get(c.id));
  return now.state.status == Status::running ? st : sys::ok();
}

sys::Result<Container> Containers::stop(const std::string& ref, std::optional<int> timeout) {
  Container c = MOCKER_TRY(get(ref));
  if (c.state.status != Status::running) return c;
  MOCKER_TRY(signal_if_running(c, parse_signal(c.stop_signal)));
  auto grace = std::chrono::seconds(timeout.value_or(c.stop_timeout));
  if (!wait_for_exit(c.state.pid, c.state.pid_start_ticks, grace)) {
    MOCKER_TRY(signal_if_running(c, SIGKILL));
    if (!wait_for_exit(c.state.pid, c.state.pid_start_ticks, kKillGrace))
      return sys::Error::invalid("stop", c.name, "still running " + std::to_string(kKillGrace.count()) + "s after SIGKILL");
  }
  return get(c.id);
}

sys::Result<int> Containers::wait(const std::string& ref) {
  Container c = MOCKER_TRY(get(ref));
  while (c.state.status == Status::running) {
    wait_for_exit(c.state.pid, c.state.pid_start_ticks, std::chrono::seconds(60));
    c = MOCKER_TRY(get(c.id));
  }
  return c.state.exit_code;
}

// run --rm: the record goes, so the exit is not written into it first (a
// rename on the store, which waits whenever btrfs is committing).
sys::Result<int> Containers::wait_and_remove(const std::string& id) {
  Container c = MOCKER_TRY(load(id));
  while (c.state.status == Status::running && is_alive(c.state.pid, c.state.pid_start_ticks))
    wait_for_exit(c.state.pid, c.state.pid_start_ticks, std::chrono::seconds(60));
  if (c.state.status == Status::running) MOCKER_TRY(mark_exited(c));
  MOCKER_TRY(std::move(release(c)).context("remove " + c.name));
  return c.state.exit_code;
}

// Removes what the record lists; each step tolerates "already gone", so a
// removal interrupted half-way can simply run again.
sys::Status Containers::release(const Container& c) {
  state::ReserveUse may_use_reserve;
  // A snapshot still being made would land after the delete below.
  if (auto pending = take_pending_rootfs(c.id)) (void)pending->get();
  if (c.network.kind == NetworkKind::bridge) MOCKER_TRY(networks_.release(c.id));
  auto* h = MOCKER_TRY(hierarchy());
  MOCKER_TRY(h->open(c.resources.cgroup).destroy());
  if (!c.resources.rootfs.empty()) MOCKER_TRY(storage::delete_subvolume(c.resources.rootfs));
  std::error_code ec;
  if (!c.resources.dir.empty()) fs::remove_all(c.resources.dir, ec);
  if (ec) return sys::Error::from_errno("remove", c.resources.dir, ec.value());
  return records_.remove(kKind, c.id);
}

sys::Status Containers::remove(const std::string& ref, bool force) {
  Container c = MOCKER_TRY(get(ref));
  // Killed, by us or anyone, but its init is still exiting (it waits for the
  // rest of its pid namespace to die): dead to the user, so rm waits for the
  // end rather than calling it running.
  if (c.state.status == Status::running && is_exiting(c.state.pid, c.state.pid_start_ticks)) {
    MOCKER_TRY(sys::fault_point("container.rm.init_exiting"));
    if (!wait_for_exit(c.state.pid, c.state.pid_start_ticks, kKillGrace))
      return sys::Error::invalid("remove", c.name,
                                 "its init is still exiting " + std::to_string(kKillGrace.count()) + "s after it was killed");
    c = MOCKER_TRY(get(c.id));
  }
  if (c.state.status == Status::running) {
    if (!force) return sys::Error::invalid("remove", c.name, "container is running: stop it first, or use -f");
    // Not through kill(): it records stopped_by_user first, a write that a
    // full store refuses, and the record goes anyway.
    MOCKER_TRY(std::move(kill_all(c, c.state.paused)).context("remove " + c.name));
    if (!wait_for_exit(c.state.pid, c.state.pid_start_ticks, kKillGrace))
      return sys::Error::invalid("remove", c.name, "still running after SIGKILL");
  }
  return std::move(release(c)).context("remove " + c.name);
}

bool Containers::image_in_use(const std::string& image_id) {
  auto records = records_.list(kKind);
  if (!records) return true;  // cannot tell: be safe
  for (const auto& r : *records)
    if (r.value("image_id", "") == image_id) return true;
  return false;
}

}  // namespace mocker::engine::container
