// Freezing a whole group (pause / unpause): v1's freezer controller or v2's
// cgroup.freeze. Frozen tasks stay in the group and keep their memory.
#include "cgroupfs.hpp"
#include "v1/v1.hpp"
#include "v2/v2.hpp"

#include <cerrno>

namespace mocker::engine::cgroup {

namespace {

// The directory that holds the freezer's files; an error when there is none.
sys::Result<std::string> freezer_dir(const Cgroup& group, std::string_view op) {
  std::string dir = group.dir(Controller::freezer);
  std::string_view file = group.version() == Version::v1 ? "freezer.state" : "cgroup.freeze";
  if (dir.empty()) {
    return sys::Error::from_errno(std::string(op), group.path(), ENOTSUP)
        .with_note("the freezer cgroup controller is not mounted")
        .with_hint("mount it: mkdir -p /sys/fs/cgroup/freezer && mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer");
  }
  if (!cgfs::exists(dir, file)) return sys::Error::from_errno("open", cgfs::join(dir, file), ENOENT).wrap(std::string(op) + " cgroup " + group.path());
  return dir;
}

}  // namespace

sys::Status Cgroup::freeze() {
  MOCKER_TRY(usable());
  std::string dir = MOCKER_TRY(freezer_dir(*this, "freeze"));
  auto st = version_ == Version::v1 ? v1::freeze(dir) : v2::freeze(dir);
  if (!st) {
    (void)(version_ == Version::v1 ? v1::thaw(dir) : v2::thaw(dir));  // not left half-frozen
    return std::move(st).context("freeze cgroup " + path_);
  }
  return sys::ok();
}

sys::Status Cgroup::thaw() {
  MOCKER_TRY(usable());
  std::string dir = MOCKER_TRY(freezer_dir(*this, "thaw"));
  auto st = version_ == Version::v1 ? v1::thaw(dir) : v2::thaw(dir);
  return std::move(st).context("thaw cgroup " + path_);
}

sys::Result<bool> Cgroup::frozen() const {
  MOCKER_TRY(usable());
  std::string dir = MOCKER_TRY(freezer_dir(*this, "read freezer state of"));
  auto f = version_ == Version::v1 ? v1::frozen(dir) : v2::frozen(dir);
  return std::move(f).context("read freezer state of cgroup " + path_);
}

}  // namespace mocker::engine::cgroup
