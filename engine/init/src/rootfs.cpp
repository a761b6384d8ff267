#include "rootfs.hpp"

#include "mount_api.hpp"

#include <mocker/init/cgroup_mounts.hpp>
#include <mocker/init/mount_options.hpp>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>

namespace mocker::engine::init {

namespace {

constexpr const char* kMaskedPaths[] = {
    "/proc/asound",       "/proc/acpi",        "/proc/kcore",       "/proc/keys",
    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
    "/proc/scsi",         "/sys/firmware",     "/sys/devices/virtual/powercap",
};

constexpr const char* kReadOnlyPaths[] = {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};

int open_in_root(int root_fd, const std::string& path, int flags) {
  struct open_how how {};
  how.flags = static_cast<uint64_t>(flags | O_CLOEXEC);
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd;
  do {
    fd = static_cast<int>(::syscall(SYS_openat2, root_fd, path.c_str(), &how, sizeof how));
  } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
  return fd;
}

std::vector<std::string> components(const std::string& path) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at <= path.size()) {
    size_t slash = path.find('/', at);
    std::string c = path.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
    if (!c.empty() && c != ".") out.push_back(c);
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  return out;
}

sys::Status create_component(int root_fd, const std::string& parent, const std::string& name, bool as_file) {
  int dir = open_in_root(root_fd, parent.empty() ? "/" : parent, O_PATH | O_DIRECTORY);
  if (dir < 0) return sys::Error::last("open", (parent.empty() ? "/" : parent) + " in the container");
  sys::Fd owned(dir);
  if (as_file) {
    int fd = ::openat(dir, name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return sys::Error::last("create", parent + "/" + name + " in the container");
    ::close(fd);
  } else if (::mkdirat(dir, name.c_str(), 0755) != 0) {
    return sys::Error::last("mkdir", parent + "/" + name + " in the container");
  }
  return sys::ok();
}

// A failure names what was mounted where: "bind /src on /data: ...".
sys::Status mount_one(int root_fd, const Mount& m) {
  MountOptions opts = MOCKER_TRY(parse_mount_options(m));
  auto fail = [&](sys::Error e) { return std::move(e).wrap("mount " + m.type + " on " + m.destination); };
  if (m.destination.empty() || m.destination[0] != '/')
    return sys::Error::invalid("mount", m.destination, "destination must be an absolute path");

  sys::Fd tree;
  bool is_dir = true;
  if (m.type == "bind") {
    if (m.source.empty() || m.source[0] != '/')
      return sys::Error::invalid("bind", m.source, "source must be an absolute path");
    auto t = clone_tree(AT_FDCWD, m.source, opts.recursive);
    if (!t) return sys::Error::from_errno("bind", m.source + " on " + m.destination, t.error().err);
    tree = std::move(*t);
    struct stat st {};
    if (::fstat(tree.get(), &st) != 0) return fail(sys::Error::last("stat", m.source));
    is_dir = S_ISDIR(st.st_mode);
    if (auto st2 = set_attributes(tree.get(), opts.attributes, opts.recursive, m.destination); !st2)
      return fail(std::move(st2).error());
  } else {
    auto t = new_filesystem("tmpfs", opts.parameters, opts.attributes);
    if (!t) return fail(std::move(t).error());
    tree = std::move(*t);
  }
  auto target = resolve_in_root(root_fd, m.destination, is_dir ? Create::directory : Create::file);
  if (!target) return fail(std::move(target).error());
  if (auto st = attach(tree.get(), target->get(), m.destination); !st) return fail(std::move(st).error());
  return sys::ok();
}

// Each path that exists gets covered: a directory by an empty read-only tmpfs, a
// file by /dev/null.
sys::Status mask(const char* path) {
  int fd = ::open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return sys::ok();
  if (fd < 0) return sys::Error::last("open", path);
  sys::Fd target(fd);
  struct stat st {};
  if (::fstat(fd, &st) != 0) return sys::Error::last("stat", path);
  sys::Fd cover = S_ISDIR(st.st_mode) ? MOCKER_TRY(new_filesystem("tmpfs", {{"size", "0"}}, MOUNT_ATTR_RDONLY))
                                      : MOCKER_TRY(clone_tree(AT_FDCWD, "/dev/null", false));
  return attach(cover.get(), target.get(), path);
}

sys::Status make_read_only(const char* path) {
  int fd = ::open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return sys::ok();
  if (fd < 0) return sys::Error::last("open", path);
  sys::Fd target(fd);
  sys::Fd tree = MOCKER_TRY(clone_tree(AT_FDCWD, path, true));
  MOCKER_TRY(set_attributes(tree.get(), MOUNT_ATTR_RDONLY, true, path));
  return attach(tree.get(), target.get(), path);
}

}  // namespace

namespace {

constexpr int kMaxSymlinkHops = 40;

// A component that cannot be opened yet exists is a dangling symlink: the path
// continues at its target (still inside the root), which gets created instead.
sys::Result<std::string> follow_dangling(int root_fd, const std::string& parent, const std::string& name,
                                         const std::vector<std::string>& rest) {
  int dir = open_in_root(root_fd, parent.empty() ? "/" : parent, O_PATH | O_DIRECTORY);
  if (dir < 0) return sys::Error::last("open", parent + " in the container");
  sys::Fd owned(dir);
  char target[4096];
  ssize_t n = ::readlinkat(dir, name.c_str(), target, sizeof target - 1);
  if (n < 0) return sys::Error::last("readlink", parent + "/" + name + " in the container");
  std::string next(target, static_cast<size_t>(n));
  if (next.empty() || next[0] != '/') next = parent + "/" + next;
  for (const auto& c : rest) next += "/" + c;
  return next;
}

sys::Result<sys::Fd> resolve_in_root_hops(int root_fd, const std::string& path, Create create, int hops) {
  int fd = open_in_root(root_fd, path, O_PATH);
  if (fd >= 0) return sys::Fd(fd);
  if (errno != ENOENT || create == Create::nothing) return sys::Error::last("open", path + " in the container");
  auto parts = components(path);
  std::string prefix;
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string next = prefix + "/" + parts[i];
    int probe = open_in_root(root_fd, next, O_PATH);
    if (probe >= 0) {
      ::close(probe);
    } else if (errno == ENOENT) {
      bool last = i + 1 == parts.size();
      auto created = create_component(root_fd, prefix, parts[i], last && create == Create::file);
      if (!created && created.error().err == EEXIST) {
        if (hops >= kMaxSymlinkHops) return sys::Error::from_errno("resolve", path + " in the container", ELOOP);
        std::vector<std::string> rest(parts.begin() + static_cast<long>(i) + 1, parts.end());
        std::string target = MOCKER_TRY(follow_dangling(root_fd, prefix, parts[i], rest));
        return resolve_in_root_hops(root_fd, target, create, hops + 1);
      }
      MOCKER_TRY(std::move(created));
    } else {
      return sys::Error::last("open", next + " in the container");
    }
    prefix = next;
  }
  fd = open_in_root(root_fd, path, O_PATH);
  if (fd < 0) return sys::Error::last("open", path + " in the container");
  return sys::Fd(fd);
}

}  // namespace

sys::Result<sys::Fd> resolve_in_root(int root_fd, const std::string& path, Create create) {
  return resolve_in_root_hops(root_fd, path, create, 0);
}

sys::Status make_mounts_private() {
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return sys::Error::last("make mounts private", "/");
  return sys::ok();
}

sys::Result<sys::Fd> bind_rootfs(const std::string& rootfs) {
  if (::mount(rootfs.c_str(), rootfs.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
    return sys::Error::last("bind rootfs", rootfs);
  return sys::open_file(rootfs, O_PATH | O_DIRECTORY);
}

sys::Status mount_volumes(int root_fd, const std::vector<Mount>& mounts) {
  for (const auto& m : mounts) MOCKER_TRY(mount_one(root_fd, m));
  return sys::ok();
}

sys::Status mount_proc(int root_fd) {
  sys::Fd proc = MOCKER_TRY(new_filesystem("proc", {}, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC));
  sys::Fd target = MOCKER_TRY(resolve_in_root(root_fd, "/proc", Create::directory));
  return attach(proc.get(), target.get(), "/proc");
}

sys::Status mount_sys(int root_fd) {
  constexpr uint64_t kAttrs = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
  sys::Fd target = MOCKER_TRY(resolve_in_root(root_fd, "/sys", Create::directory));
  auto sysfs = new_filesystem("sysfs", {}, kAttrs);
  if (sysfs) return attach(sysfs->get(), target.get(), "/sys");
  // Some setups refuse a fresh sysfs (host network namespace owned elsewhere): a
  // read-only copy of the host's /sys is the next best thing.
  auto fallback = [&]() -> sys::Status {
    sys::Fd tree = MOCKER_TRY(clone_tree(AT_FDCWD, "/sys", true));
    MOCKER_TRY(set_attributes(tree.get(), kAttrs, true, "/sys"));
    return attach(tree.get(), target.get(), "/sys");
  };
  auto st = fallback();
  if (!st) return std::move(sysfs).error().with_note("read-only bind of the host's /sys: " + st.error().render());
  return sys::ok();
}

namespace {

constexpr uint64_t kCgroupAttrs = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;

sys::Status mount_cgroup(int root_fd, const CgroupMount& m) {
  const std::string where = "/sys/fs/cgroup" + (m.name.empty() ? "" : "/" + m.name);
  sys::Fd fs = MOCKER_TRY(new_filesystem(m.type, m.parameters, kCgroupAttrs));
  sys::Fd target = MOCKER_TRY(resolve_in_root(root_fd, where, m.name.empty() ? Create::nothing : Create::directory));
  return attach(fs.get(), target.get(), where);
}

// v1 or hybrid: a small tmpfs holding one directory per hierarchy (and the
// links a host makes for co-mounted ones), read-only once filled.
sys::Status mount_cgroup_tree(int root_fd, const std::vector<CgroupMount>& mounts) {
  constexpr const char* kRoot = "/sys/fs/cgroup";
  sys::Fd tmpfs = MOCKER_TRY(new_filesystem("tmpfs", {{"mode", "755"}, {"size", "64k"}},
                                            MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC));
  MOCKER_TRY(attach(tmpfs.get(), MOCKER_TRY(resolve_in_root(root_fd, kRoot, Create::nothing)).get(), kRoot));
  sys::Fd dir = MOCKER_TRY(resolve_in_root(root_fd, kRoot, Create::nothing));
  for (const auto& m : mounts) {
    MOCKER_TRY(mount_cgroup(root_fd, m));
    for (const auto& alias : cgroup_aliases(m))
      if (::symlinkat(m.name.c_str(), dir.get(), alias.c_str()) != 0 && errno != EEXIST)
        return sys::Error::last("symlink", std::string(kRoot) + "/" + alias);
  }
  return set_attributes(dir.get(), MOUNT_ATTR_RDONLY, false, kRoot);
}

}  // namespace

sys::Status mount_cgroups(int root_fd) {
  auto mounts = cgroup_mounts(MOCKER_TRY(sys::read_file("/proc/self/mountinfo")));
  if (mounts.empty()) return sys::ok();
  if (mounts.size() == 1 && mounts[0].name.empty()) return mount_cgroup(root_fd, mounts[0]);
  std::erase_if(mounts, [](const CgroupMount& m) { return m.name.empty(); });
  return mount_cgroup_tree(root_fd, mounts);
}

sys::Status pivot_to(int root_fd) {
  sys::Fd old_root = MOCKER_TRY(sys::open_file("/", O_DIRECTORY | O_RDONLY));
  if (::fchdir(root_fd) != 0) return sys::Error::last("chdir", "rootfs");
  if (::syscall(SYS_pivot_root, ".", ".") != 0) return sys::Error::last("pivot_root", "rootfs");
  // The old root now sits on top of the new one: detach it without letting the
  // unmount propagate anywhere.
  if (::fchdir(old_root.get()) != 0) return sys::Error::last("chdir", "old root");
  if (::mount(nullptr, ".", nullptr, MS_SLAVE | MS_REC, nullptr) != 0)
    return sys::Error::last("make old root private", "/");
  if (::umount2(".", MNT_DETACH) != 0) return sys::Error::last("detach old root", "/");
  if (::chdir("/") != 0) return sys::Error::last("chdir", "/");
  return sys::ok();
}

sys::Status mask_paths() {
  for (const char* p : kMaskedPaths) MOCKER_TRY(mask(p));
  return sys::ok();
}

sys::Status make_read_only_paths() {
  for (const char* p : kReadOnlyPaths) MOCKER_TRY(make_read_only(p));
  return sys::ok();
}

sys::Status make_root_read_only() {
  struct mount_attr attr {};
  attr.attr_set = MOUNT_ATTR_RDONLY;
  if (::mount_setattr(AT_FDCWD, "/", 0, &attr, sizeof attr) != 0) return sys::Error::last("make read-only", "/");
  return sys::ok();
}

}  // namespace mocker::engine::init
