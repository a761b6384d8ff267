// cgroup v1 freezer: pause/unpause, and a frozen group cannot fork while it
// is being killed.
#include "../cgroupfs.hpp"
#include "v1.hpp"

#include <cerrno>
#include <chrono>
#include <thread>

namespace mocker::engine::cgroup::v1 {

sys::Status freeze(const std::string& dir) {
  MOCKER_TRY(cgfs::write(dir, "freezer.state", "FROZEN"));
  // FREEZING turns into FROZEN once every task has stopped; tasks in
  // uninterruptible sleep can hold that up, so the wait is bounded.
  constexpr int kPolls = 200;
  for (int i = 0; i < kPolls; ++i) {
    std::string state = MOCKER_TRY(cgfs::read(dir, "freezer.state"));
    if (state == "FROZEN") return sys::ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return sys::Error::from_errno("freeze", dir, EBUSY).with_note("still FREEZING after 1 s");
}

sys::Status thaw(const std::string& dir) { return cgfs::write(dir, "freezer.state", "THAWED"); }

// FREEZING counts as frozen: the group was asked to freeze and is not thawed.
sys::Result<bool> frozen(const std::string& dir) {
  auto state = cgfs::read(dir, "freezer.state");
  if (!state) return std::move(state).error();
  return state->compare("FROZEN") == 0 || state->compare("FREEZING") == 0;
}

}  // namespace mocker::engine::cgroup::v1
