#include <mocker/storage/store.hpp>
#include <mocker/storage/subvolume.hpp>

#include "provision.hpp"

#include <mocker/sys/hints.hpp>

#include <dirent.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <random>

namespace fs = std::filesystem;

namespace mocker::engine::storage {

namespace {
constexpr uint64_t kDefaultLoopSize = 64ULL << 30;

sys::Status make_dir(const std::string& path, mode_t mode) {
  if (::mkdir(path.c_str(), mode) != 0 && errno != EEXIST) {
    return sys::with_known_hint(sys::Error::last("create directory", path));
  }
  return sys::ok();
}

sys::Status make_dirs(const std::string& path, mode_t mode) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) {
    auto e = sys::Error::from_errno("create directory", path, ec.value());
    if (ec.value() == EACCES || ec.value() == EPERM) e.hint = "mocker needs root; run it as root";
    return e;
  }
  ::chmod(path.c_str(), mode);
  return sys::ok();
}

// Removes a tree that may contain subvolumes (scratch left by a crash).
void remove_tree(const std::string& path) {
  if (is_subvolume(path)) {
    (void)delete_subvolume(path);
    return;
  }
  std::error_code ec;
  if (fs::is_directory(fs::symlink_status(path, ec))) {
    for (const auto& child : fs::directory_iterator(path, ec)) remove_tree(child.path());
  }
  fs::remove(path, ec);
}

void clean_abandoned_scratch(const std::string& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string p = entry.path();
    if (!p.ends_with(".lock")) continue;
    auto lock = sys::FileLock::try_acquire(p);
    if (!lock || !lock->held()) continue;  // still in use by a live command
    remove_tree(p.substr(0, p.size() - 5));
    ::unlink(p.c_str());
  }
}

std::string random_name() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (int i = 0; i < 16; ++i) s += hex[rng() % 16];
  return s;
}
}  // namespace

uint64_t parse_size(const std::string& text) {
  if (text.empty() || text[0] < '0' || text[0] > '9') return 0;  // stoull accepts "-1"
  size_t used = 0;
  unsigned long long n;
  try {
    n = std::stoull(text, &used);
  } catch (...) {
    return 0;
  }
  std::string unit = text.substr(used);
  if (!unit.empty() && (unit.back() == 'b' || unit.back() == 'B')) unit.pop_back();
  int shift = 0;
  if (unit == "k" || unit == "K") shift = 10;
  else if (unit == "m" || unit == "M") shift = 20;
  else if (unit == "g" || unit == "G") shift = 30;
  else if (unit == "t" || unit == "T") shift = 40;
  else if (!unit.empty()) return 0;
  return static_cast<uint64_t>(n) << shift;
}

StoreOptions StoreOptions::from_environment() {
  StoreOptions o;
  const char* root = std::getenv("MOCKER_ROOT");
  o.root = root && *root ? root : "/var/lib/mocker";
  const char* size = std::getenv("MOCKER_STORE_SIZE");
  o.loop_size_bytes = size ? parse_size(size) : 0;
  return o;
}

Scratch::~Scratch() {
  if (path_.empty()) return;
  remove_tree(path_);
  ::unlink(lock_path_.c_str());
}

sys::Result<Store> Store::open(const StoreOptions& options) {
  Store s;
  s.root_ = options.root.empty() ? StoreOptions::from_environment().root : options.root;
  s.path_ = s.root_ + "/store";
  sys::note_store_root(s.root_);
  MOCKER_TRY(std::move(make_dirs(s.root_, 0711)).context("open store"));
  MOCKER_TRY(make_dir(s.path_, 0711));
  {
    // One provisioner at a time; others wait and then find it mounted.
    auto lock = MOCKER_TRY(sys::FileLock::acquire(s.root_ + "/provision.lock"));
    uint64_t size = options.loop_size_bytes ? options.loop_size_bytes : kDefaultLoopSize;
    s.loop_backed_ = MOCKER_TRY(std::move(provision(s.root_ + "/btrfs.img", s.path_, size))
                                    .context("provision store " + s.root_));
  }
  for (const auto& dir : {s.layers_dir(), s.containers_dir(), s.volumes_dir(), s.state_dir(), s.scratch_dir()})
    MOCKER_TRY(make_dir(dir, 0700));
  clean_abandoned_scratch(s.scratch_dir());
  return s;
}

sys::Result<Scratch> Store::make_scratch() const {
  Scratch scratch;
  std::string name = random_name();
  scratch.lock_path_ = scratch_dir() + "/" + name + ".lock";
  scratch.lock_ = MOCKER_TRY(sys::FileLock::acquire(scratch.lock_path_));
  scratch.path_ = scratch_dir() + "/" + name;
  if (::mkdir(scratch.path_.c_str(), 0700) != 0) {
    auto e = sys::Error::last("create scratch directory", scratch.path_);
    scratch.path_.clear();
    ::unlink(scratch.lock_path_.c_str());
    return e;
  }
  return scratch;
}

sys::Status Store::unmount() const {
  if (!loop_backed_) return sys::ok();
  if (::umount2(path_.c_str(), 0) != 0) return sys::Error::last("unmount store", path_);
  return sys::ok();
}

}  // namespace mocker::engine::storage
