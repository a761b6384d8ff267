#include "log_stream.hpp"

#include "supervise.hpp"

#include <mocker/reconcile/labels.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace mocker::cli::compose {
namespace {

const char* const kPalette[] = {"\033[36m", "\033[33m", "\033[32m", "\033[35m", "\033[34m", "\033[96m", "\033[93m"};

// "web-1" for the container demo-web-1 of service web, else its name.
std::string short_name(const engine::container::Container& c) {
  namespace label = orchestrator::reconcile::label;
  auto service = c.labels.find(label::kService);
  auto replica = c.labels.find(label::kReplica);
  if (service == c.labels.end() || replica == c.labels.end()) return c.name;
  return service->second + "-" + replica->second;
}

class Printer {
 public:
  Printer(std::string prefix, std::mutex& out) : prefix_(std::move(prefix)), out_(out) {}
  // Records may carry several lines or end mid-line: prefix each whole line.
  void write(const std::string& stream, const std::string& text) {
    std::string& pending = stream == "stderr" ? err_ : out_text_;
    pending += text;
    size_t nl;
    std::lock_guard lock(out_);
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::cout << prefix_ << pending.substr(0, nl + 1);
      pending.erase(0, nl + 1);
    }
    std::cout << std::flush;
  }
  void finish() {
    std::lock_guard lock(out_);
    for (const auto* rest : {&out_text_, &err_})
      if (!rest->empty()) std::cout << prefix_ << *rest << '\n';
    std::cout << std::flush;
  }

 private:
  std::string prefix_;
  std::mutex& out_;
  std::string out_text_, err_;
};

}  // namespace

void stream_logs(engine::Engine& engine, const std::vector<engine::container::Container>& containers,
                 const LogStreamOptions& options) {
  size_t width = 0;
  for (const auto& c : containers) width = std::max(width, short_name(c).size());
  std::map<std::string, size_t> colour_of;
  std::mutex out;
  std::vector<std::thread> threads;
  for (const auto& c : containers) {
    std::string prefix;
    if (options.prefix) {
      std::string name = short_name(c);
      name.resize(width, ' ');
      auto service = c.labels.count(orchestrator::reconcile::label::kService)
                         ? c.labels.at(orchestrator::reconcile::label::kService) : c.name;
      size_t colour = colour_of.emplace(service, colour_of.size()).first->second % std::size(kPalette);
      prefix = options.color ? std::string(kPalette[colour]) + name + "  |\033[0m " : name + "  | ";
    }
    threads.emplace_back([&engine, &options, &out, id = c.id, prefix] {
      Printer printer(prefix, out);
      auto logs = options.logs;
      logs.follow = options.follow;
      auto st = engine.containers().logs(id, logs, [&](const std::string& stream, const std::string& text) {
        printer.write(stream, text);
      });
      printer.finish();
      if (!st) {
        std::lock_guard lock(out);
        std::cerr << "mocker-compose: " << st.error().render() << '\n';
      }
    });
  }
  for (auto& t : threads) t.join();
}

namespace {

using engine::container::Container;

// Asking records and supervisor this often is cheap (a directory listing and
// one socket round trip) and bounds how late a restarted run's first lines come.
constexpr auto kFollowTurn = std::chrono::milliseconds(200);

// Something may still run: a container runs, or the live supervisor has a
// restart pending, an exit it has not decided about yet (it learns of an exit
// through a pidfd, a moment after the record shows it), or a run it watches
// (it answered after the records were read). No live supervisor: only what
// runs counts.
bool still_going(const Container& c, const std::optional<nlohmann::json>& live) {
  if (c.state.status == engine::container::Status::running) return true;
  if (!live) return false;
  // A container it does not track is not its to restart.
  return live->contains(c.id) && (restart_pending(*live, c) || exit_undecided(*live, c) || watched_run(*live, c));
}

// A follower per container, each on its own thread, following the container
// through every run the supervisor gives it.
class Followers {
 public:
  Followers(engine::Engine& engine, LogStreamOptions options, const FollowSource& source)
      : engine_(engine), options_(std::move(options)), source_(source) {
    options_.follow = true;
  }
  ~Followers() {
    stopping_ = true;
    for (auto& t : threads_) t.join();
  }
  void stop() { stopping_ = true; }
  // Starts a follower for each container not followed yet.
  void update(const std::vector<Container>& containers) {
    for (const auto& c : containers) {
      if (!followed_.insert(c.id).second) continue;
      auto options = options_;
      options.logs.next_run = [this, id = c.id, last = c.state.started_at]() mutable { return next_run(id, last); };
      threads_.emplace_back([this, c, options] { stream_logs(engine_, {c}, options); });
    }
  }

 private:
  // Waits (a turn at a time) until container `id` runs again after the run
  // that started at `last`, or until nothing more is pending for it.
  bool next_run(const std::string& id, std::string& last) {
    while (!stopping_) {
      auto now = engine_.containers().get(id);
      if (!now) return false;
      if (!now->state.started_at.empty() && now->state.started_at != last) {
        last = now->state.started_at;
        return true;
      }
      if (!still_going(*now, source_.supervisor_status())) return false;  // asked after the record
      std::this_thread::sleep_for(kFollowTurn);
    }
    return false;
  }

  engine::Engine& engine_;
  LogStreamOptions options_;
  const FollowSource& source_;
  std::atomic<bool> stopping_{false};
  std::set<std::string> followed_;
  std::vector<std::thread> threads_;
};

}  // namespace

void follow_project_logs(engine::Engine& engine, const std::vector<Container>& first, const LogStreamOptions& options,
                         const FollowSource& source) {
  Followers followers(engine, options, source);
  followers.update(first);
  for (;;) {
    auto now = source.containers();
    if (!now) return;
    if (!source.go_on(*now)) {
      followers.stop();
      if (source.on_stop) source.on_stop();
      return;
    }
    followers.update(*now);
    auto live = source.supervisor_status();
    if (std::none_of(now->begin(), now->end(), [&](const Container& c) { return still_going(c, live); })) return;
    std::this_thread::sleep_for(kFollowTurn);
  }
}

}  // namespace mocker::cli::compose
