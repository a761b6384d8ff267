#include <mocker/sys/hints.hpp>

#include <cerrno>
#include <mutex>
#include <string>
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
};

std::mutex store_mutex;
std::string store_root;  // guarded by store_mutex

std::string root_of_store() {
  std::lock_guard lock(store_mutex);
  return store_root;
}
}  // namespace

void note_store_root(const std::string& root) {
  std::lock_guard lock(store_mutex);
  store_root = root;
}

std::string store_full_hint(const std::string& root) {
  if (root.empty())
    return "the store is full: remove containers, images and volumes you no longer need "
           "(mocker rm, rmi, volume rm), or make the store larger (--store-size)";
  return "the store at " + root + "/store is full: remove containers, images and volumes you no longer need "
         "(mocker rm, rmi, volume rm), or make it larger: a new store takes --store-size or MOCKER_STORE_SIZE; "
         "this one grows with 'truncate -s +10G " + root + "/btrfs.img', 'losetup -c' on its loop device and "
         "'btrfs filesystem resize max " + root + "/store'";
}

Error with_known_hint(Error e) {
  if (!e.hint.empty()) return e;
  // Whatever the operation: a full store shows up in every write. Not a
  // cgroup file, though: ENOSPC there is about cpusets.
  if (e.err == ENOSPC && !e.object.starts_with("/sys/")) {
    e.hint = store_full_hint(root_of_store());
    return e;
  }
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
