// mocker init DIR: copy a host directory into a new layer, hashing as we go.
// The layer's diff_id is a tree digest over names, types, modes, owners,
// link targets and content (not times), so the same tree gives the same image.
#include "builder.hpp"
#include "tree_digest.hpp"

#include <mocker/image/digest.hpp>
#include <mocker/image/store.hpp>
#include <mocker/sys/hints.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <vector>

namespace mocker::engine::image {

namespace {

class TreeCopier {
 public:
  explicit TreeCopier(std::string source) : source_(std::move(source)) {}

  sys::Status copy(int src_dir, int dst_dir, const std::string& rel) {
    auto names = MOCKER_TRY(sorted_entries(src_dir, display(rel)));
    for (const auto& name : names) MOCKER_TRY(copy_entry(src_dir, dst_dir, name, rel.empty() ? name : rel + "/" + name));
    return sys::ok();
  }

  std::string digest() { return digest_.digest(); }
  uint64_t bytes() const { return bytes_; }

 private:
  std::string display(const std::string& rel) const { return source_ + "/" + rel; }

  void record(const std::string& rel, const struct stat& st, const std::string& extra) { digest_.add(rel, st, extra); }

  sys::Status copy_entry(int src_dir, int dst_dir, const std::string& name, const std::string& rel) {
    struct stat st;
    if (::fstatat(src_dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return sys::Error::last("stat", display(rel));
    if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
      auto key = std::make_pair(st.st_dev, st.st_ino);
      if (auto it = links_.find(key); it != links_.end()) {
        record(rel, st, "link:" + it->second);
        if (::linkat(dst_root_, it->second.c_str(), dst_dir, name.c_str(), 0) != 0) return sys::Error::last("hard link", rel);
        return sys::ok();
      }
      links_[key] = rel;
    }
    if (S_ISDIR(st.st_mode)) return copy_dir(src_dir, dst_dir, name, rel, st);
    if (S_ISREG(st.st_mode)) return copy_file(src_dir, dst_dir, name, rel, st);
    if (S_ISLNK(st.st_mode)) return copy_symlink(src_dir, dst_dir, name, rel, st);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) {
      record(rel, st, std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev)));
      if (::mknodat(dst_dir, name.c_str(), st.st_mode, st.st_rdev) != 0) return sys::Error::last("create device node", rel);
      return finish(dst_dir, name, rel, st, -1);
    }
    return sys::ok();  // sockets do not belong in an image
  }

  sys::Status copy_dir(int src_dir, int dst_dir, const std::string& name, const std::string& rel, const struct stat& st) {
    record(rel, st, "");
    sys::Fd src = MOCKER_TRY(sys::open_at(src_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    if (::mkdirat(dst_dir, name.c_str(), 0700) != 0) return sys::Error::last("create directory", rel);
    sys::Fd dst = MOCKER_TRY(sys::open_at(dst_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
    MOCKER_TRY(copy(src.get(), dst.get(), rel));
    MOCKER_TRY(copy_xattrs(src.get(), dst.get(), rel));
    return finish(dst_dir, name, rel, st, dst.get());
  }

  sys::Status copy_file(int src_dir, int dst_dir, const std::string& name, const std::string& rel, const struct stat& st) {
    sys::Fd src = MOCKER_TRY(sys::open_at(src_dir, name, O_RDONLY | O_NOFOLLOW));
    sys::Fd dst = MOCKER_TRY(sys::open_at(dst_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600));
    Sha256 content;
    for (;;) {
      ssize_t n = ::read(src.get(), buf_.data(), buf_.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return sys::Error::last("read", display(rel));
      if (n == 0) break;
      content.update(buf_.data(), static_cast<size_t>(n));
      auto written = sys::write_all(dst.get(), std::string_view(buf_.data(), static_cast<size_t>(n)), rel);
      if (!written) return sys::with_known_hint(std::move(written).error());
      bytes_ += static_cast<uint64_t>(n);
    }
    record(rel, st, content.hex());
    MOCKER_TRY(copy_xattrs(src.get(), dst.get(), rel));
    return finish(dst_dir, name, rel, st, dst.get());
  }

  sys::Status copy_symlink(int src_dir, int dst_dir, const std::string& name, const std::string& rel, const struct stat& st) {
    std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
    ssize_t n = ::readlinkat(src_dir, name.c_str(), target.data(), target.size());
    if (n < 0) return sys::Error::last("read symlink", display(rel));
    target.resize(static_cast<size_t>(n));
    record(rel, st, target);
    if (::symlinkat(target.c_str(), dst_dir, name.c_str()) != 0) return sys::Error::last("create symlink", rel);
    return finish(dst_dir, name, rel, st, -1);
  }

  sys::Status copy_xattrs(int src, int dst, const std::string& rel) {
    char names[4096];
    ssize_t len = ::flistxattr(src, names, sizeof names);
    if (len <= 0) return sys::ok();
    for (const char* n = names; n < names + len; n += std::strlen(n) + 1) {
      char value[4096];
      ssize_t vlen = ::fgetxattr(src, n, value, sizeof value);
      if (vlen < 0) continue;
      if (::fsetxattr(dst, n, value, static_cast<size_t>(vlen), 0) != 0 && errno != ENOTSUP)
        return sys::Error::last(std::string("set xattr ") + n + " on", rel);
    }
    return sys::ok();
  }

  sys::Status finish(int dst_dir, const std::string& name, const std::string& rel, const struct stat& st, int fd) {
    if (::fchownat(dst_dir, name.c_str(), st.st_uid, st.st_gid, AT_SYMLINK_NOFOLLOW) != 0) return sys::Error::last("chown", rel);
    if (!S_ISLNK(st.st_mode)) {
      int rc = fd >= 0 ? ::fchmod(fd, st.st_mode & 07777) : ::fchmodat(dst_dir, name.c_str(), st.st_mode & 07777, 0);
      if (rc != 0) return sys::Error::last("chmod", rel);
    }
    struct timespec times[2] = {st.st_atim, st.st_mtim};
    if (::utimensat(dst_dir, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) return sys::Error::last("set times", rel);
    return sys::ok();
  }

 public:
  int dst_root_ = -1;

 private:
  std::string source_;
  TreeDigest digest_;
  uint64_t bytes_ = 0;
  std::map<std::pair<dev_t, ino_t>, std::string> links_;
  std::vector<char> buf_ = std::vector<char>(1 << 18);
};

}  // namespace

sys::Result<Image> ImageStore::init_from_directory(const std::string& dir, const std::optional<Reference>& tag,
                                                   const std::vector<std::string>& changes) {
  std::string context = "init " + dir;
  ImageConfig changed = MOCKER_TRY(std::move(apply_changes({}, changes)).context(context));
  sys::Fd src = MOCKER_TRY(std::move(sys::open_file(dir, O_RDONLY | O_DIRECTORY)).context(context));
  auto scratch = MOCKER_TRY(store_.make_scratch());
  LayerBuilder builder(*this, scratch.path());
  MOCKER_TRY(builder.prepare());
  std::string work = MOCKER_TRY(builder.begin(""));
  sys::Fd dst = MOCKER_TRY(sys::open_file(work, O_RDONLY | O_DIRECTORY));
  TreeCopier copier(dir);
  copier.dst_root_ = dst.get();
  MOCKER_TRY(std::move(copier.copy(src.get(), dst.get(), "")).context(context));
  std::string diff = copier.digest();
  MOCKER_TRY(builder.finish(work, diff));

  Image image;
  image.layers.push_back({diff, diff});
  image.size = copier.bytes();
  image.source = "directory";
  image.created = now_rfc3339();
  image.config = std::move(changed);
  nlohmann::json config = {{"architecture", image.architecture}, {"os", image.os}, {"config", config_to_json(image.config)},
                           {"rootfs", {{"type", "layers"}, {"diff_ids", {diff}}}}};
  image.id = sha256_digest(config.dump());
  if (tag) image.repo_tags.push_back(tag->str());
  return commit(std::move(image), builder.dir());
}

}  // namespace mocker::engine::image
