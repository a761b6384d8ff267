#include <mocker/execute/schedule.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

namespace mocker::orchestrator::execute {

namespace sys = engine::sys;

sys::Result<Schedule> Schedule::make(std::vector<std::vector<size_t>> after) {
  for (size_t i = 0; i < after.size(); ++i)
    for (size_t before : after[i])
      if (before >= i)
        return sys::Error::invalid("schedule", "operation " + std::to_string(i),
                                   "depends on operation " + std::to_string(before) + ", which does not come before it");
  Schedule s;
  s.state_.assign(after.size(), State::waiting);
  s.after_ = std::move(after);
  return s;
}

bool Schedule::ready(size_t op) const {
  return std::all_of(after_[op].begin(), after_[op].end(),
                     [&](size_t before) { return state_[before] == State::completed; });
}

std::optional<size_t> Schedule::next() {
  if (stopped_) return std::nullopt;
  while (first_waiting_ < state_.size() && state_[first_waiting_] != State::waiting) ++first_waiting_;
  for (size_t op = first_waiting_; op < state_.size(); ++op) {
    if (state_[op] != State::waiting || !ready(op)) continue;
    state_[op] = State::running;
    ++running_;
    return op;
  }
  return std::nullopt;
}

void Schedule::complete(size_t op) {
  if (op >= state_.size() || state_[op] != State::running) return;
  state_[op] = State::completed;
  --running_;
  ++completed_;
}

namespace {

// The shared state of one run: the schedule and what went wrong, under a
// mutex; workers sleep on the condition until an operation completes.
class Pool {
 public:
  Pool(Schedule schedule, const std::function<sys::Status(size_t)>& op, std::atomic<bool>& stop,
       const std::atomic<bool>* interrupted)
      : schedule_(std::move(schedule)), op_(op), stop_(stop), interrupted_(interrupted) {}

  void work() {
    std::unique_lock lock(mutex_);
    while (!schedule_.over()) {
      notice_interrupt();
      if (auto op = schedule_.next()) {
        lock.unlock();
        sys::Status st = op_(*op);
        lock.lock();
        finish(*op, std::move(st));
        continue;
      }
      // Woken by a completion; the timeout is only there to notice Ctrl-C,
      // which sets a flag and notifies no one.
      changed_.wait_for(lock, kInterruptPoll);
    }
    notice_interrupt();
    changed_.notify_all();
  }

  RunOutcome outcome() && {
    RunOutcome out;
    out.errors = std::move(errors_);
    out.completed = succeeded_;
    out.total = schedule_.size();
    out.interrupted = interrupted_by_user_ && out.completed < out.total;
    return out;
  }

 private:
  static constexpr auto kInterruptPoll = std::chrono::milliseconds(50);

  // Also when a failure stopped the run first: Ctrl-C is still what the user
  // did, and a wait given up because of it must not pass for success.
  void notice_interrupt() {
    if (!interrupted_ || !interrupted_->load()) return;
    interrupted_by_user_ = true;
    stop_all();
  }

  void finish(size_t op, sys::Status st) {
    schedule_.complete(op);
    if (st) ++succeeded_;
    // A failed operation counts as completed for the bookkeeping; stopping
    // the schedule is what keeps its dependents from starting.
    if (!st) {
      if (st.error().err != kCanceled) errors_.push_back(std::move(st).error());
      stop_all();
    }
    changed_.notify_all();
  }

  void stop_all() {
    schedule_.stop();
    stop_ = true;
  }

  Schedule schedule_;
  const std::function<sys::Status(size_t)>& op_;
  std::atomic<bool>& stop_;
  const std::atomic<bool>* interrupted_;
  bool interrupted_by_user_ = false;
  size_t succeeded_ = 0;
  std::vector<sys::Error> errors_;
  std::mutex mutex_;
  std::condition_variable changed_;
};

}  // namespace

RunOutcome run_parallel(Schedule schedule, size_t workers, const std::function<sys::Status(size_t)>& op,
                        std::atomic<bool>& stop, const std::atomic<bool>* interrupted) {
  const size_t threads = std::clamp<size_t>(workers, 1, std::max<size_t>(schedule.size(), 1));
  Pool pool(std::move(schedule), op, stop, interrupted);
  std::vector<std::thread> started;
  for (size_t i = 1; i < threads; ++i) {
    // Fewer threads than asked only makes the run slower, not wrong.
    try {
      started.emplace_back([&] { pool.work(); });
    } catch (const std::system_error&) {
      break;
    }
  }
  pool.work();  // the calling thread is one of the workers
  for (auto& t : started) t.join();
  return std::move(pool).outcome();
}

size_t default_workers() {
  if (const char* limit = std::getenv("COMPOSE_PARALLEL_LIMIT"); limit && *limit) {
    char* end = nullptr;
    long n = std::strtol(limit, &end, 10);
    if (*end == '\0' && n > 0) return static_cast<size_t>(std::min(n, 64L));
  }
  return std::clamp<size_t>(2 * std::thread::hardware_concurrency(), 4, 16);
}

}  // namespace mocker::orchestrator::execute
