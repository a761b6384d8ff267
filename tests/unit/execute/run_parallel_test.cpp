// run_parallel with stand-in operations: overlap, order, the first error,
// canceled waits, Ctrl-C, and the worker bound. No engine involved.
#include <mocker/execute/schedule.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace mocker::orchestrator::execute {
namespace {

namespace sys = engine::sys;
using namespace std::chrono_literals;

Schedule schedule(std::vector<std::vector<size_t>> after) {
  auto s = Schedule::make(std::move(after));
  EXPECT_TRUE(s);
  return std::move(*s);
}

RunOutcome run(std::vector<std::vector<size_t>> after, size_t workers, const std::function<sys::Status(size_t)>& op,
               const std::atomic<bool>* interrupted = nullptr) {
  std::atomic<bool> stop{false};
  return run_parallel(schedule(std::move(after)), workers, op, stop, interrupted);
}

// Every operation arrives and waits (at most `limit`) for all the others:
// only a run that has them all in progress at once gets through.
class Rendezvous {
 public:
  explicit Rendezvous(size_t expected) : expected_(expected) {}
  sys::Status arrive(std::chrono::milliseconds limit) {
    std::unique_lock lock(mutex_);
    ++arrived_;
    all_.notify_all();
    if (all_.wait_for(lock, limit, [&] { return arrived_ >= expected_; })) return sys::ok();
    return sys::Error::invalid("rendezvous", "", "the others never came");
  }

 private:
  size_t expected_, arrived_ = 0;
  std::mutex mutex_;
  std::condition_variable all_;
};

TEST(RunParallel, IndependentOperationsRunAtTheSameTime) {
  Rendezvous meet(3);
  auto out = run({{}, {}, {}}, 3, [&](size_t) { return meet.arrive(10s); });
  EXPECT_TRUE(out.errors.empty()) << out.errors.front().render();
  EXPECT_EQ(out.completed, 3u);
}

TEST(RunParallel, OneWorkerRunsThemOneAfterAnother) {
  Rendezvous meet(2);
  auto out = run({{}, {}}, 1, [&](size_t) { return meet.arrive(50ms); });
  ASSERT_EQ(out.errors.size(), 1u);  // the first waited alone and failed; the second never ran
  EXPECT_EQ(out.completed, 0u);
}

TEST(RunParallel, DependentsStartAfterTheirPredecessorsComplete) {
  const std::vector<std::vector<size_t>> after{{}, {}, {0}, {0, 1}, {2, 3}, {}};
  std::mutex mutex;
  std::vector<bool> done(after.size(), false);
  std::vector<std::string> violations;
  auto out = run(after, 4, [&](size_t i) {
    {
      std::lock_guard lock(mutex);
      for (size_t before : after[i])
        if (!done[before]) violations.push_back(std::to_string(i) + " before " + std::to_string(before));
    }
    std::this_thread::sleep_for(5ms);
    std::lock_guard lock(mutex);
    done[i] = true;
    return sys::ok();
  });
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(out.completed, after.size());
  EXPECT_TRUE(violations.empty()) << violations.front();
}

TEST(RunParallel, TheFirstErrorComesFirstAndNothingNewStarts) {
  std::atomic<bool> first_failed{false}, dependent_ran{false};
  auto out = run({{}, {}, {0}, {1}}, 2, [&](size_t i) -> sys::Status {
    if (i == 1) {
      first_failed = true;
      return sys::Error::invalid("op", "1", "first");
    }
    if (i == 0) {
      // Still running when 1 fails; fails afterwards on its own account.
      for (int n = 0; n < 1000 && !first_failed; ++n) std::this_thread::sleep_for(1ms);
      return sys::Error::invalid("op", "0", "second");
    }
    dependent_ran = true;
    return sys::ok();
  });
  ASSERT_EQ(out.errors.size(), 2u);
  EXPECT_EQ(out.errors[0].message, "first");
  EXPECT_EQ(out.errors[1].message, "second");
  EXPECT_FALSE(dependent_ran);
  EXPECT_FALSE(out.interrupted);
}

TEST(RunParallel, AWaitGivenUpBecauseOfTheStopIsNotAnError) {
  std::atomic<bool> stop{false};
  auto out = run_parallel(schedule({{}, {}}), 2, [&](size_t i) -> sys::Status {
    if (i == 0) return sys::Error::invalid("op", "0", "boom");
    for (int n = 0; n < 5000 && !stop; ++n) std::this_thread::sleep_for(1ms);
    return sys::Error::from_errno("wait for", "dependency", kCanceled);
  }, stop, nullptr);
  ASSERT_EQ(out.errors.size(), 1u);
  EXPECT_EQ(out.errors[0].message, "boom");
  EXPECT_TRUE(stop);
}

TEST(RunParallel, InterruptStopsHandingOutOperations) {
  std::atomic<bool> interrupted{false};
  std::atomic<int> ran{0};
  auto out = run({{}, {0}, {1}}, 2, [&](size_t) {
    ++ran;
    interrupted = true;  // Ctrl-C during the first operation
    return sys::ok();
  }, &interrupted);
  EXPECT_EQ(ran, 1);
  EXPECT_TRUE(out.interrupted);
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(out.completed, 1u);
}

TEST(RunParallel, AWaitGivenUpBecauseOfCtrlCIsReportedAsInterrupted) {
  std::atomic<bool> interrupted{false};
  // The wait notices Ctrl-C before the pool does and gives up.
  auto out = run({{}, {0}}, 2, [&](size_t) -> sys::Status {
    interrupted = true;
    return sys::Error::from_errno("wait for", "dependency", kCanceled);
  }, &interrupted);
  EXPECT_TRUE(out.interrupted);
  EXPECT_TRUE(out.errors.empty());
  EXPECT_EQ(out.completed, 0u);
}

TEST(RunParallel, NeverMoreThanTheWorkersAtOnce) {
  std::atomic<int> now{0}, most{0};
  auto out = run(std::vector<std::vector<size_t>>(12), 3, [&](size_t) {
    int n = ++now;
    for (int seen = most; n > seen && !most.compare_exchange_weak(seen, n);) {
    }
    std::this_thread::sleep_for(5ms);
    --now;
    return sys::ok();
  });
  EXPECT_EQ(out.completed, 12u);
  EXPECT_LE(most, 3);
}

TEST(RunParallel, TheDefaultWorkerCountIsBoundedAndCanBeSet) {
  ::unsetenv("COMPOSE_PARALLEL_LIMIT");
  EXPECT_GE(default_workers(), 4u);
  EXPECT_LE(default_workers(), 16u);
  ::setenv("COMPOSE_PARALLEL_LIMIT", "1", 1);
  EXPECT_EQ(default_workers(), 1u);
  ::setenv("COMPOSE_PARALLEL_LIMIT", "many", 1);
  EXPECT_GE(default_workers(), 4u);
  ::unsetenv("COMPOSE_PARALLEL_LIMIT");
}

}  // namespace
}  // namespace mocker::orchestrator::execute
