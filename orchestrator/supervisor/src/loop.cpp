#include "loop.hpp"

#include <mocker/init/records.hpp>
#include <mocker/reconcile/labels.hpp>
#include <mocker/supervisor/control.hpp>
#include <mocker/supervisor/supervisor.hpp>
#include <mocker/sys/fd.hpp>
#include <mocker/sys/fault.hpp>
#include <mocker/sys/lock.hpp>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <set>
#include <thread>
#include <utility>

namespace mocker::orchestrator::supervisor {

namespace compose_label = reconcile::label;
using engine::container::Status;

namespace {

int64_t epoch_ms(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

}  // namespace

Clock::time_point parse_time(const std::string& rfc3339) {
  auto ts = engine::init::parse_timestamp(rfc3339);
  if (!ts) return Clock::now();
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(std::chrono::seconds(ts->tv_sec) +
                                                                       std::chrono::nanoseconds(ts->tv_nsec)));
}


Loop::Loop(asio::io_context& io, engine::Engine& engine, ProjectPaths paths, std::string project,
           std::chrono::milliseconds linger)
    : io_(io), engine_(engine), paths_(std::move(paths)), project_(std::move(project)), linger_(linger),
      acceptor_(io), idle_timer_(io) {}

sys::Status Loop::start(const std::function<void()>& on_listening) {
  load_state();
  MOCKER_TRY(listen());
  if (on_listening) on_listening();
  rescan();
  return sys::ok();
}

void Loop::stop() {
  if (stopping_) return;
  stopping_ = true;
  for (auto& [id, t] : tracked_) {
    cancel_probe(*t);
    settle_waiters(*t, "the supervisor stopped");
  }
  save_state();
  unlisten();
  io_.stop();
}

void Loop::log(const std::string& line) const {
  std::cerr << now_rfc3339() << " supervisor " << project_ << ": " << line << std::endl;
}

void Loop::load_state() {
  auto text = sys::read_file(paths_.state());
  if (!text) return;  // first supervisor of this project
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_object()) saved_ = j;
}

nlohmann::json Loop::status_of(const Tracked& t) const {
  nlohmann::json j = {{"name", t.c.name},
                      {"service", t.c.labels.count(compose_label::kService) ? t.c.labels.at(compose_label::kService) : ""},
                      {"history", to_json(t.history)},
                      {"held", t.held},
                      {"reason", t.reason},
                      {"run", t.run},
                      {"handled_exit", t.handled_exit}};
  if (t.policy.health) j["health"] = to_json(t.health);
  if (t.last_exit) j["last_exit"] = *t.last_exit;
  if (t.restart_due) j["restart_due_ms"] = epoch_ms(*t.restart_due);
  return j;
}

nlohmann::json Loop::status() const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [id, t] : tracked_) out[id] = status_of(*t);
  return out;
}

void Loop::save_state() {
  auto st = sys::write_file_atomic(paths_.state(), status().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), 0600, sys::Durability::atomic);
  if (!st) log("cannot save state: " + st.error().render());
}

void Loop::emit(const Tracked& t, const std::string& action, nlohmann::json attributes, const std::string& time) {
  Event e;
  e.time = time;
  e.action = action;
  e.id = t.c.id;
  e.name = t.c.name;
  e.service = t.c.labels.count(compose_label::kService) ? t.c.labels.at(compose_label::kService) : "";
  e.attributes = std::move(attributes);
  e.attributes["image"] = t.c.image;
  if (auto st = append_event(paths_, e); !st) log("cannot record event: " + st.error().render());
}

// What the loop reads of a record: id, name, image, service, state and stop
// settings (its policy is parsed from the labels before). The rest (init's
// spec, limits, networks) would stay resident for every container watched.
static Container slim(Container c) {
  Container kept;
  kept.id = std::move(c.id);
  kept.name = std::move(c.name);
  kept.image = std::move(c.image);
  kept.created = std::move(c.created);
  if (auto it = c.labels.find(compose_label::kService); it != c.labels.end()) kept.labels.insert(*it);
  kept.stop_signal = std::move(c.stop_signal);
  kept.stop_timeout = c.stop_timeout;
  kept.state = std::move(c.state);
  return kept;
}

// What a previous supervisor knew of a container it watched.
static void restore(Tracked& t, const nlohmann::json& s) {
  t.history = restart_history_from_json(s.value("history", nlohmann::json::object()));
  t.held = s.value("held", false);
  t.reason = s.value("reason", "");
  t.run = s.value("run", "");
  t.handled_exit = s.value("handled_exit", "");
  if (s.contains("last_exit")) t.last_exit = s["last_exit"].get<int>();
  if (s.contains("health")) t.health = health_state_from_json(s["health"]);
  if (s.contains("restart_due_ms"))
    t.restart_due = Clock::time_point(std::chrono::milliseconds(s["restart_due_ms"].get<int64_t>()));
}

void Loop::rescan() {
  if (stopping_) return;
  auto list = engine_.containers().list(true, {reconcile::project_filter(project_)});
  if (!list) {
    log("cannot list containers: " + list.error().render());
    return;
  }
  // Oldest first, so the journal's create events come in the order they happened.
  std::sort(list->begin(), list->end(), [](const Container& a, const Container& b) { return a.created < b.created; });
  std::set<std::string> seen;
  for (auto& c : *list) {
    if (c.labels[compose_label::kOneoff] == "true") continue;  // `run` containers are the user's to watch
    seen.insert(c.id);
    auto it = tracked_.find(c.id);
    if (it == tracked_.end()) {
      auto t = std::make_unique<Tracked>(io_);
      t->c = c;
      if (saved_.contains(c.id)) restore(*t, saved_[c.id]);
      else emit(*t, "create", nlohmann::json::object(), c.created);
      it = tracked_.emplace(c.id, std::move(t)).first;
    }
    refresh(*it->second, std::move(c));
  }
  std::vector<std::string> gone;
  for (const auto& [id, t] : tracked_)
    if (!seen.count(id)) gone.push_back(id);
  for (const auto& id : gone) forget(id);
  saved_ = nlohmann::json::object();  // used once, for adoption
  save_state();
  idle_check();
}

// Brings a tracked container up to date with its record.
void Loop::refresh(Tracked& t, Container c) {
  t.policy = policy_from_labels(c.labels);
  t.c = slim(std::move(c));
  const auto& state = t.c.state;
  if (state.status == Status::running) {
    if (!t.exit_watch.is_open() || t.run != state.started_at) begin_run(t, t.run == state.started_at);
    return;
  }
  if (t.exit_watch.is_open()) t.exit_watch.close();  // its exit is handled here, not by the watch
  if (state.status == Status::exited && !state.finished_at.empty() && t.handled_exit != state.finished_at) {
    // Exited while nobody watched; a run we never saw began too.
    if (t.run != state.started_at && !state.started_at.empty()) emit(t, "start", nlohmann::json::object(), state.started_at);
    handle_exit(t);
  }
  else if (t.restart_due && !t.held)
    arm_restart(t);  // one a previous supervisor had scheduled: its due time stands
}

// A run we were not watching: a start by up/start/restart, or one that was
// going on when we adopted the container.
void Loop::begin_run(Tracked& t, bool adopted_same_run) {
  bool is_new = !adopted_same_run;
  t.run = t.c.state.started_at;
  t.held = false;
  // A restart we had pending is superseded by this run, which someone else
  // started: it is not counted as ours.
  if (t.restart_due && t.before_pending) t.history = *t.before_pending;
  t.before_pending.reset();
  t.restart_due.reset();
  t.restart_timer.cancel();
  if (is_new) {
    t.health = HealthState{};
    emit(t, "start", nlohmann::json::object(), t.c.state.started_at);
  }
  watch_exit(t);
  if (t.policy.health) {
    auto since = std::chrono::duration_cast<Millis>(Clock::now() - parse_time(t.c.state.started_at));
    schedule_probe(t, next_probe_in(t.health, *t.policy.health, since));
  }
}

void Loop::forget(const std::string& id) {
  auto it = tracked_.find(id);
  if (it == tracked_.end()) return;
  Tracked& t = *it->second;
  cancel_probe(t);
  settle_waiters(t, "the container was removed");
  emit(t, "destroy");
  tracked_.erase(it);
}

void Loop::hold(const std::vector<std::string>& ids) {
  for (auto& [id, t] : tracked_) {
    if (!ids.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    t->held = true;
    t->restart_due.reset();
    t->restart_timer.cancel();
    // Waiting through a restart that will not come now.
    if (t->run.empty()) settle_waiters(*t, t->c.name + " was stopped through compose");
  }
  save_state();
  idle_check();
}

// Nothing running and nothing pending: leave after the linger, unless
// something starts meanwhile. Called at the end of every burst of work (a
// rescan, an exit, a probe), which is also when the heap it used can go back:
// the supervisor stays resident as long as the project runs.
void Loop::idle_check() {
  ::malloc_trim(0);
  for (const auto& [id, t] : tracked_)
    if (!t->run.empty() || t->restart_due || !t->waiters.empty()) {
      idle_timer_.cancel();
      return;
    }
  idle_timer_.expires_after(linger_);
  idle_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    for (const auto& [id, t] : tracked_)
      if (!t->run.empty() || t->restart_due || !t->waiters.empty()) return;
    log("nothing left to watch");
    stop();
  });
}

sys::Status run_supervisor(const SupervisorOptions& options) {
  auto engine = MOCKER_TRY(engine::Engine::open(options.engine));
  ProjectPaths paths = project_paths(engine->store().root(), options.project);
  MOCKER_TRY(make_project_dir(paths));
  // A command asking whether a supervisor is alive holds the lock for an
  // instant: only one held across a few tries is another supervisor's.
  auto lock = MOCKER_TRY(sys::FileLock::try_acquire(paths.lock()));
  for (int i = 0; i < 5 && !lock.held(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    lock = MOCKER_TRY(sys::FileLock::try_acquire(paths.lock()));
  }
  if (!lock.held()) {
    if (options.on_listening) options.on_listening(false);
    return sys::ok();
  }
  // Who holds the lock, for a client that must tell the user what to end.
  (void)sys::write_file_atomic(paths.pid(), std::to_string(::getpid()) + "\n", 0600, sys::Durability::atomic);
  MOCKER_TRY(sys::fault_point("supervisor.locked"));  // alive, not listening yet
  asio::io_context io;
  Loop loop(io, *engine, paths, options.project, options.linger);
  asio::signal_set signals(io);
  if (options.handle_signals) {
    signals.add(SIGTERM);
    signals.add(SIGINT);
    signals.add(SIGHUP);
    signals.async_wait([&](const boost::system::error_code& ec, int) {
      if (!ec) loop.stop();
    });
  }
  auto started = loop.start([&] {
    if (options.on_listening) options.on_listening(true);
  });
  if (started) io.run();
  ::unlink(paths.pid().c_str());
  return started;
}

namespace {

// The descriptor on which spawn_detached waits for "listening"; -1 if none.
int take_ready_fd() {
  const char* text = std::getenv(kReadyFdVariable);
  int fd = text ? std::atoi(text) : -1;
  ::unsetenv(kReadyFdVariable);
  return fd > 2 ? fd : -1;
}

}  // namespace

sys::Status run_spawned_supervisor(const std::string& project) {
  int fd = take_ready_fd();
  SupervisorOptions options;
  options.project = project;
  options.on_listening = [&fd](bool) {
    if (fd < 0) return;
    [[maybe_unused]] ssize_t n = ::write(fd, "1", 1);
    ::close(std::exchange(fd, -1));
  };
  auto st = run_supervisor(options);
  if (fd >= 0) ::close(fd);
  return st;
}

}  // namespace mocker::orchestrator::supervisor
