#pragma once
// The supervisor's loop, split over exits.cpp, probes.cpp, control_server.cpp
// and loop.cpp; one object per supervised project.
#include <mocker/container/engine.hpp>
#include <mocker/supervisor/events.hpp>
#include <mocker/supervisor/labels.hpp>
#include <mocker/supervisor/paths.hpp>

#include <boost/asio.hpp>

#include <array>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace mocker::orchestrator::supervisor {

namespace asio = boost::asio;
namespace sys = engine::sys;
using engine::container::Container;
using Clock = std::chrono::system_clock;

// An RFC 3339 timestamp of the engine's records; now when it cannot be read.
Clock::time_point parse_time(const std::string& rfc3339);

// A healthcheck probe in flight: the exec helper's pidfd and its output pipe.
struct Probe {
  explicit Probe(asio::io_context& io) : exit(io), out(io), deadline(io) {}
  pid_t pid = -1;
  asio::posix::stream_descriptor exit, out;
  asio::steady_timer deadline;
  std::array<char, 1024> chunk{};
  std::string output, started;
  bool timed_out = false;
};

// Called with "" once healthy, else with why it will not become healthy.
using HealthWaiter = std::function<void(const std::string& error)>;

// One container of the project and what the supervisor knows of it.
struct Tracked {
  explicit Tracked(asio::io_context& io) : exit_watch(io), restart_timer(io), probe_timer(io), kill_timer(io) {}
  Container c;
  ContainerPolicy policy;
  RestartHistory history;
  HealthState health;
  bool held = false;               // stop/kill through compose: no restart until it starts again
  bool unhealthy_restart = false;  // we stopped it for being unhealthy: its exit is a failure
  std::optional<int> last_exit;
  std::string reason;              // the last restart decision's
  std::optional<Clock::time_point> restart_due;
  std::optional<RestartHistory> before_pending;  // the history before the pending restart was counted
  std::string run;                 // started_at of the run being watched; empty: not running
  std::string handled_exit;        // finished_at of the last exit acted upon
  asio::posix::stream_descriptor exit_watch;  // pidfd of init
  asio::steady_timer restart_timer, probe_timer, kill_timer;
  std::unique_ptr<Probe> probe;
  std::vector<HealthWaiter> waiters;
};

class Loop {
 public:
  Loop(asio::io_context& io, engine::Engine& engine, ProjectPaths paths, std::string project,
       std::chrono::milliseconds linger);
  sys::Status start(const std::function<void()>& on_listening);
  void stop();

  // Control operations (control_server.cpp dispatches to these).
  void rescan();
  nlohmann::json status() const;
  void hold(const std::vector<std::string>& ids);
  void wait_healthy(const std::string& id, HealthWaiter done);

 private:
  // loop.cpp
  void load_state();
  void save_state();
  void refresh(Tracked& t, Container c);
  void begin_run(Tracked& t, bool adopted_same_run);
  void forget(const std::string& id);
  void idle_check();
  // `time`: when it happened, if not now (RFC 3339).
  void emit(const Tracked& t, const std::string& action, nlohmann::json attributes = nlohmann::json::object(),
            const std::string& time = "");
  void log(const std::string& line) const;
  nlohmann::json status_of(const Tracked& t) const;
  // exits.cpp
  void watch_exit(Tracked& t);
  void on_exit(const std::string& id);
  void handle_exit(Tracked& t);
  void arm_restart(Tracked& t);
  void restart_now(const std::string& id);
  void stop_unhealthy(Tracked& t);
  // probes.cpp
  void schedule_probe(Tracked& t, Millis delay);
  void start_probe(const std::string& id);
  void read_probe_output(const std::string& id);
  void finish_probe(const std::string& id);
  void cancel_probe(Tracked& t);
  void settle_waiters(Tracked& t, const std::string& error);
  // control_server.cpp
  sys::Status listen();
  void unlisten();
  void accept();
  void serve(asio::local::stream_protocol::socket s);

  asio::io_context& io_;
  engine::Engine& engine_;
  ProjectPaths paths_;
  std::string project_;
  std::chrono::milliseconds linger_;
  std::map<std::string, std::unique_ptr<Tracked>> tracked_;
  nlohmann::json saved_ = nlohmann::json::object();  // the state file as found at start
  asio::local::stream_protocol::acceptor acceptor_;
  asio::steady_timer idle_timer_;
  bool stopping_ = false;
};

}  // namespace mocker::orchestrator::supervisor
