#include "layer.hpp"

#include "confined.hpp"
#include "stream.hpp"

#include <mocker/sys/fd.hpp>
#include <mocker/sys/hints.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>
#include <vector>

namespace mocker::engine::image {

namespace {

constexpr std::string_view kWhiteoutPrefix = ".wh.";
constexpr std::string_view kOpaqueMarker = ".wh..wh..opq";

struct DirTimes {
  std::vector<std::string> parts;
  struct timespec times[2];
};

class Applier {
 public:
  Applier(const Libarchive& la, struct archive* tar, std::string display)
      : la_(la), tar_(tar), display_(std::move(display)) {}

  sys::Result<LayerStats> run(const std::string& rootfs_dir) {
    root_ = MOCKER_TRY(sys::open_file(rootfs_dir, O_PATH | O_DIRECTORY));
    struct archive_entry* entry;
    for (;;) {
      int rc = la_.archive_read_next_header(tar_, &entry);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) return archive_error("read entry header");
      auto st = apply_entry(entry);
      if (!st) return std::move(st).error().wrap(display_);
      ++stats_.entries;
    }
    MOCKER_TRY(restore_dir_times());
    return stats_;
  }

 private:
  sys::Error archive_error(const std::string& what) {
    const char* msg = la_.archive_error_string(tar_);
    auto e = sys::Error::invalid(what, display_, msg ? msg : "archive error");
    e.err = la_.archive_errno(tar_) > 0 ? la_.archive_errno(tar_) : 0;
    return sys::with_known_hint(std::move(e));
  }

  sys::Status apply_entry(struct archive_entry* entry) {
    const char* raw = la_.archive_entry_pathname(entry);
    if (!raw) return sys::Error::invalid("read archive entry", display_, "entry without a name");
    auto parts = MOCKER_TRY(split_entry_path(raw));
    if (parts.empty()) return sys::ok();  // the root itself keeps the snapshot's metadata
    const std::string& base = parts.back();
    if (std::string_view(base).starts_with(kWhiteoutPrefix)) return apply_whiteout(parts);
    sys::Fd parent = MOCKER_TRY(open_dir_in_root(root_.get(), parts, parts.size() - 1, true));
    written_.insert(join(parts, parts.size()));
    if (const char* link = la_.archive_entry_hardlink(entry)) return make_hardlink(parent.get(), parts, link);
    return make_node(parent.get(), parts, entry);
  }

  sys::Status apply_whiteout(const std::vector<std::string>& parts) {
    const std::string& base = parts.back();
    std::string display = "/" + join(parts, parts.size());
    auto parent = open_dir_in_root(root_.get(), parts, parts.size() - 1, base == kOpaqueMarker);
    if (!parent) {
      if (parent.error().err == ENOENT) return sys::ok();  // nothing below to hide
      return std::move(parent).error();
    }
    if (base == kOpaqueMarker) return clear_opaque(parent->get(), parts);
    return remove_at(parent->get(), base.substr(kWhiteoutPrefix.size()), display);
  }

  // An opaque directory hides everything from lower layers, but not what this
  // layer already put there (the marker need not come first in the tar).
  sys::Status clear_opaque(int dirfd, const std::vector<std::string>& parts) {
    std::string dir = join(parts, parts.size() - 1);
    std::vector<std::string> keep;
    std::string prefix = dir.empty() ? "" : dir + "/";
    for (auto it = written_.lower_bound(prefix); it != written_.end() && it->starts_with(prefix); ++it) {
      std::string rest = it->substr(prefix.size());
      keep.push_back(rest.substr(0, rest.find('/')));
    }
    return clear_dir_except(dirfd, keep, "/" + dir);
  }

  sys::Status make_hardlink(int parent, const std::vector<std::string>& parts, const char* link) {
    auto target = MOCKER_TRY(split_entry_path(link));
    std::string display = "/" + join(parts, parts.size());
    if (target.empty()) return sys::Error::invalid("hard link", display, "empty link target");
    sys::Fd tparent = MOCKER_TRY(open_dir_in_root(root_.get(), target, target.size() - 1, false));
    MOCKER_TRY(remove_at(parent, parts.back(), display));
    if (::linkat(tparent.get(), target.back().c_str(), parent, parts.back().c_str(), 0) != 0)
      return sys::Error::last("hard link " + display + " to", "/" + join(target, target.size()));
    return sys::ok();
  }

  sys::Status make_node(int parent, const std::vector<std::string>& parts, struct archive_entry* entry) {
    const std::string& name = parts.back();
    std::string display = "/" + join(parts, parts.size());
    mode_t type = la_.archive_entry_filetype(entry);
    mode_t perm = la_.archive_entry_perm(entry);
    struct stat existing;
    bool exists = ::fstatat(parent, name.c_str(), &existing, AT_SYMLINK_NOFOLLOW) == 0;
    if (exists && !(type == AE_IFDIR && S_ISDIR(existing.st_mode))) MOCKER_TRY(remove_at(parent, name, display));

    sys::Fd file;
    switch (type) {
      case AE_IFDIR:
        if (!(exists && S_ISDIR(existing.st_mode)) && ::mkdirat(parent, name.c_str(), 0700) != 0)
          return sys::Error::last("create directory", display);
        break;
      case AE_IFREG:
        file = MOCKER_TRY(sys::open_at(parent, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600));
        MOCKER_TRY(write_content(file.get(), entry, display));
        break;
      case AE_IFLNK: {
        const char* target = la_.archive_entry_symlink(entry);
        if (::symlinkat(target ? target : "", parent, name.c_str()) != 0) return sys::Error::last("create symlink", display);
        break;
      }
      case AE_IFCHR:
      case AE_IFBLK:
      case AE_IFIFO:
        if (::mknodat(parent, name.c_str(), type | perm, makedev(la_.archive_entry_rdevmajor(entry), la_.archive_entry_rdevminor(entry))) != 0)
          return sys::Error::last("create device node", display);
        break;
      default:
        return sys::ok();  // sockets and unknown types are not part of a rootfs
    }
    return set_metadata(parent, parts, entry, file.get());
  }

  sys::Status write_content(int fd, struct archive_entry* entry, const std::string& display) {
    const void* buf;
    size_t size;
    la_int64_t offset;
    for (;;) {
      int rc = la_.archive_read_data_block(tar_, &buf, &size, &offset);
      if (rc == ARCHIVE_EOF) break;
      if (rc < ARCHIVE_WARN) return archive_error("read content of " + display);
      const char* p = static_cast<const char*>(buf);
      while (size > 0) {
        ssize_t n = ::pwrite(fd, p, size, offset);
        if (n < 0) {
          if (errno == EINTR) continue;
          return sys::with_known_hint(sys::Error::last("write", display));
        }
        p += n;
        size -= static_cast<size_t>(n);
        offset += n;
        stats_.bytes += static_cast<uint64_t>(n);
      }
    }
    // Sparse tails are holes that no block covered.
    if (::ftruncate(fd, la_.archive_entry_size(entry)) != 0) return sys::with_known_hint(sys::Error::last("write", display));
    return sys::ok();
  }

  sys::Status set_metadata(int parent, const std::vector<std::string>& parts, struct archive_entry* entry, int fd) {
    const std::string& name = parts.back();
    std::string display = "/" + join(parts, parts.size());
    mode_t type = la_.archive_entry_filetype(entry);
    auto uid = static_cast<uid_t>(la_.archive_entry_uid(entry));
    auto gid = static_cast<gid_t>(la_.archive_entry_gid(entry));
    if (::fchownat(parent, name.c_str(), uid, gid, AT_SYMLINK_NOFOLLOW) != 0) return sys::Error::last("chown", display);
    if (type != AE_IFLNK) {
      // After chown: chown clears set-id bits.
      if (::fchmodat(parent, name.c_str(), la_.archive_entry_perm(entry), 0) != 0) return sys::Error::last("chmod", display);
      MOCKER_TRY(set_xattrs(parent, name, entry, fd, display));
    }
    struct timespec times[2] = {{la_.archive_entry_atime(entry), la_.archive_entry_atime_nsec(entry)},
                                {la_.archive_entry_mtime(entry), la_.archive_entry_mtime_nsec(entry)}};
    if (!la_.archive_entry_atime_is_set(entry)) times[0] = times[1];
    if (type == AE_IFDIR) {
      dir_times_.push_back({parts, {times[0], times[1]}});  // children change it; set at the end
      return sys::ok();
    }
    if (::utimensat(parent, name.c_str(), times, AT_SYMLINK_NOFOLLOW) != 0) return sys::Error::last("set times", display);
    return sys::ok();
  }

  sys::Status set_xattrs(int parent, const std::string& name, struct archive_entry* entry, int fd,
                         const std::string& display) {
    if (la_.archive_entry_xattr_reset(entry) == 0) return sys::ok();
    sys::Fd own;
    if (fd < 0) {
      auto opened = sys::open_at(parent, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
      if (!opened) return sys::ok();  // fifo or device we cannot open: skip its xattrs
      own = std::move(*opened);
      fd = own.get();
    }
    const char* key;
    const void* value;
    size_t size;
    while (la_.archive_entry_xattr_next(entry, &key, &value, &size) == ARCHIVE_OK) {
      if (::fsetxattr(fd, key, value, size, 0) != 0 && errno != ENOTSUP)
        return sys::Error::last(std::string("set xattr ") + key + " on", display);
    }
    return sys::ok();
  }

  sys::Status restore_dir_times() {
    for (auto it = dir_times_.rbegin(); it != dir_times_.rend(); ++it) {
      auto parent = open_dir_in_root(root_.get(), it->parts, it->parts.size() - 1, false);
      if (!parent) continue;  // removed by a later whiteout
      if (::utimensat(parent->get(), it->parts.back().c_str(), it->times, AT_SYMLINK_NOFOLLOW) != 0 && errno != ENOENT)
        return sys::Error::last("set times", "/" + join(it->parts, it->parts.size()));
    }
    return sys::ok();
  }

  const Libarchive& la_;
  struct archive* tar_;
  std::string display_;
  sys::Fd root_;
  LayerStats stats_;
  std::set<std::string> written_;
  std::vector<DirTimes> dir_times_;
};

}  // namespace

sys::Result<LayerStats> apply_layer(TarStream& stream, const std::string& rootfs_dir, const std::string& display_name) {
  return Applier(stream.library(), stream.tar(), display_name).run(rootfs_dir);
}

}  // namespace mocker::engine::image
