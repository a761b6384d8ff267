#include <mocker/storage/subvolume.hpp>

#include <mocker/sys/hints.hpp>

#include <btrfsutil.h>
#include <sys/stat.h>

#include <cerrno>

namespace mocker::engine::storage {

namespace {
sys::Error btrfs_error(std::string operation, const std::string& object, btrfs_util_error err) {
  int saved = errno;
  auto e = sys::Error::invalid(std::move(operation), object, btrfs_util_strerror(err));
  e.err = saved;
  return sys::with_known_hint(std::move(e));
}
}  // namespace

sys::Status create_subvolume(const std::string& path) {
  auto err = btrfs_util_create_subvolume(path.c_str(), 0, nullptr, nullptr);
  if (err != BTRFS_UTIL_OK) return btrfs_error("create subvolume", path, err);
  return sys::ok();
}

sys::Status snapshot(const std::string& source, const std::string& path, Access access) {
  int flags = access == Access::read_only ? BTRFS_UTIL_CREATE_SNAPSHOT_READ_ONLY : 0;
  auto err = btrfs_util_create_snapshot(source.c_str(), path.c_str(), flags, nullptr, nullptr);
  if (err != BTRFS_UTIL_OK) return btrfs_error("snapshot " + source + " to", path, err);
  return sys::ok();
}

sys::Status delete_subvolume(const std::string& path) {
  struct stat st;
  if (::lstat(path.c_str(), &st) != 0 && errno == ENOENT) return sys::ok();
  auto err = btrfs_util_delete_subvolume(path.c_str(), BTRFS_UTIL_DELETE_SUBVOLUME_RECURSIVE);
  if (err != BTRFS_UTIL_OK) return btrfs_error("delete subvolume", path, err);
  return sys::ok();
}

sys::Status set_read_only(const std::string& path, bool read_only) {
  auto err = btrfs_util_set_subvolume_read_only(path.c_str(), read_only);
  if (err != BTRFS_UTIL_OK) return btrfs_error("set read-only flag of subvolume", path, err);
  return sys::ok();
}

bool is_subvolume(const std::string& path) {
  return btrfs_util_is_subvolume(path.c_str()) == BTRFS_UTIL_OK;
}

}  // namespace mocker::engine::storage
