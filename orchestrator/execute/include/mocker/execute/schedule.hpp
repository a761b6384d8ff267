#pragma once
// Running a plan's operations in parallel: every operation whose `after`
// predecessors have completed may run, at most `workers` at once. Schedule is
// the bookkeeping alone (pure, no threads, no clock); run_parallel drives it
// with a fixed pool of threads. Neither knows what an operation does.
#include <mocker/sys/result.hpp>

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace mocker::orchestrator::execute {

class Schedule {
 public:
  // after[i]: the operations that must complete before operation i. Only
  // earlier operations may be named (a plan lists them in an order that works
  // sequentially), which also rules out cycles.
  static engine::sys::Result<Schedule> make(std::vector<std::vector<size_t>> after);

  // The lowest-numbered operation that may start now, marked running; none
  // when everything ready is running already, or after stop().
  std::optional<size_t> next();
  void complete(size_t op);
  // Hands out nothing more; what runs may finish.
  void stop() { stopped_ = true; }

  bool stopped() const { return stopped_; }
  size_t running() const { return running_; }
  size_t completed() const { return completed_; }
  size_t size() const { return after_.size(); }
  // Nothing runs and nothing more will be handed out.
  bool over() const { return running_ == 0 && (stopped_ || completed_ == after_.size()); }

 private:
  enum class State { waiting, running, completed };
  bool ready(size_t op) const;

  std::vector<std::vector<size_t>> after_;
  std::vector<State> state_;
  size_t first_waiting_ = 0;  // every operation before it has started
  size_t running_ = 0;
  size_t completed_ = 0;
  bool stopped_ = false;
};

// How run_parallel ended. Errors are in the order they happened, so the first
// is the cause; the ones that only report being canceled are not among them.
struct RunOutcome {
  std::vector<engine::sys::Error> errors;
  size_t completed = 0;  // succeeded
  size_t total = 0;
  bool interrupted = false;  // `interrupted` stopped the run before the end
};

// An error with this errno means "gave up because the run is stopping", not
// a failure of its own (a wait for a dependency, abandoned).
inline constexpr int kCanceled = ECANCELED;

// Runs op(i) for every operation, dependents after their predecessors. The
// first error stops handing out operations and sets `stop`, which running
// operations may poll to give up early; so does `interrupted` (Ctrl-C).
// Returns once nothing runs any more. op is called from several threads.
RunOutcome run_parallel(Schedule schedule, size_t workers, const std::function<engine::sys::Status(size_t)>& op,
                        std::atomic<bool>& stop, const std::atomic<bool>* interrupted);

// The default number of workers: twice the cores, at least 4, at most 16;
// $COMPOSE_PARALLEL_LIMIT (docker compose's variable) overrides it.
size_t default_workers();

}  // namespace mocker::orchestrator::execute
