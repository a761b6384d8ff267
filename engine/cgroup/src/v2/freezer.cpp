// cgroup v2 freezer: cgroup.freeze asks, cgroup.events reports when it is done.
#include "../cgroupfs.hpp"
#include "v2.hpp"

#include <cerrno>
#include <chrono>
#include <thread>

namespace mocker::engine::cgroup::v2 {

sys::Status freeze(const std::string& dir) {
  MOCKER_TRY(cgfs::write(dir, "cgroup.freeze", "1"));
  constexpr int kPolls = 200;
  for (int i = 0; i < kPolls; ++i) {
    auto events = MOCKER_TRY(cgfs::read(dir, "cgroup.events"));
    if (cgfs::parse_keyed(events, "frozen") == 1u) return sys::ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return sys::Error::from_errno("freeze", dir, EBUSY).with_note("not frozen after 1 s");
}

sys::Status thaw(const std::string& dir) { return cgfs::write(dir, "cgroup.freeze", "0"); }

// What was asked (cgroup.freeze), not whether every task has stopped yet.
sys::Result<bool> frozen(const std::string& dir) {
  auto asked = cgfs::read(dir, "cgroup.freeze");
  if (!asked) return std::move(asked).error();
  return asked->compare("1") == 0;
}

}  // namespace mocker::engine::cgroup::v2
