#include <mocker/sys/hints.hpp>

#include <cerrno>
#include <string_view>

namespace mocker::engine::sys {

namespace {
struct Trap {
  std::string_view operation;  // prefix of Error::operation, or all of it when exact
  int err;
  std::string_view hint;
  bool exact = false;
};

constexpr Trap kTraps[] = {
    {"mount btrfs", ENODEV, "the kernel has no btrfs support: load it with 'modprobe btrfs'"},
    {"open loop control", ENOENT, "no /dev/loop-control: load the loop module with 'modprobe loop'"},
    {"mount", EPERM, "mocker needs root (CAP_SYS_ADMIN); run it as root"},
    {"open loop control", EACCES, "mocker needs root to attach loop devices; run it as root"},
    {"create subvolume", EPERM, "mocker needs root (CAP_SYS_ADMIN); run it as root"},
    {"write", ENOSPC, "the store is full: remove unused images or make the store larger (--store-size)", true},
    {"create", ENOSPC, "the store is full: remove unused images or make the store larger (--store-size)"},
    {"snapshot", ENOSPC, "the store is full: remove unused images or make the store larger (--store-size)"},
};
}  // namespace

Error with_known_hint(Error e) {
  if (!e.hint.empty()) return e;
  for (const auto& t : kTraps) {
    std::string_view op(e.operation);
    if (e.err == t.err && (t.exact ? op == t.operation : op.starts_with(t.operation))) {
      e.hint = std::string(t.hint);
      break;
    }
  }
  return e;
}

}  // namespace mocker::engine::sys
