// system df and info: how much the store's parts take, cheaply. Sizes are
// apparent sizes (du --apparent-size) of regular files; btrfs shares extents
// between an image and its containers, which this does not try to tell apart.
#include <mocker/container/containers.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace mocker::engine::container {

namespace {

// Regular files below dir (symlinks not followed); with base, only those
// that base does not hold unchanged. A snapshot keeps its source's inode
// numbers and change times, so an unchanged file matches both.
uint64_t sum_files(const std::string& dir, const std::string& base) {
  uint64_t total = 0;
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  // Bounded by the tree; an entry that vanishes meanwhile is skipped.
  for (; !ec && it != end; it.increment(ec)) {
    struct stat st;
    if (::lstat(it->path().c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (!base.empty()) {
      struct stat old;
      std::string rel = it->path().string().substr(dir.size());
      bool same = ::lstat((base + rel).c_str(), &old) == 0 && old.st_ino == st.st_ino &&
                  old.st_ctim.tv_sec == st.st_ctim.tv_sec && old.st_ctim.tv_nsec == st.st_ctim.tv_nsec;
      if (same) continue;
    }
    total += static_cast<uint64_t>(st.st_size);
  }
  return total;
}

}  // namespace

uint64_t apparent_size(const std::string& dir) { return sum_files(dir, ""); }

uint64_t Containers::writable_size(const Container& c) {
  if (c.resources.rootfs.empty()) return 0;
  auto img = images_.resolve(c.image_id);
  // Without its image (removed with -f) every file counts as its own.
  return sum_files(c.resources.rootfs, img ? images_.layer_path(img->top_chain()) : "");
}

sys::Result<const cgroup::Hierarchy*> Containers::cgroup_hierarchy() {
  return static_cast<const cgroup::Hierarchy*>(MOCKER_TRY(hierarchy()));
}

}  // namespace mocker::engine::container
