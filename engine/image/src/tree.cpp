// Locating entries (confined or on the host) and copying trees between them.
#include <mocker/image/tree.hpp>

#include "layer.hpp"
#include "stream.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace mocker::engine::image {

namespace {

constexpr int kDirFlags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;

std::string display_of(const TreeEntry& e, const std::string& name) {
  return e.display.ends_with("/") ? e.display + name : e.display + "/" + name;
}

// Splits at the last "/": the directory part and the last component, which
// becomes "." when it names the directory itself.
std::pair<std::string, std::string> split_last(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.ends_with("/")) p.pop_back();
  size_t slash = p.rfind('/');
  std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : p.substr(0, slash));
  std::string name = slash == std::string::npos ? p : p.substr(slash + 1);
  if (name.empty() || name == "." || name == ".." || p == "/") return {p.empty() ? "/" : p, "."};
  return {dir, name};
}

sys::Result<sys::Fd> open_confined(int root_fd, const std::string& dir, const std::string& display) {
  struct open_how how {};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd;
  do {
    fd = static_cast<int>(::syscall(SYS_openat2, root_fd, dir.c_str(), &how, sizeof how));
  } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
  if (fd < 0) return sys::Error::last("open directory", display);
  return sys::Fd(fd);
}

sys::Result<std::vector<std::string>> list_dir(int dir_fd, const std::string& display) {
  int fd = ::openat(dir_fd, ".", kDirFlags);
  if (fd < 0) return sys::Error::last("open directory", display);
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return sys::Error::last("read directory", display);
  }
  std::vector<std::string> names;
  errno = 0;
  while (auto* ent = ::readdir(d)) {
    std::string n = ent->d_name;
    if (n != "." && n != "..") names.push_back(std::move(n));
  }
  int err = errno;
  ::closedir(d);
  if (err) return sys::Error::from_errno("read directory", display, err);
  return names;
}

sys::Result<std::string> read_link(int dir_fd, const std::string& name, const std::string& display) {
  std::vector<char> buf(4096);
  ssize_t n = ::readlinkat(dir_fd, name.c_str(), buf.data(), buf.size());
  if (n < 0) return sys::Error::last("read symlink", display);
  return std::string(buf.data(), static_cast<size_t>(n));
}

sys::Status copy_bytes(int in, int out, const std::string& from, const std::string& to) {
  std::vector<char> buf(1 << 16);
  for (;;) {
    ssize_t n = ::read(in, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys::Error::last("read", from);
    if (n == 0) return sys::ok();
    for (ssize_t done = 0; done < n;) {
      ssize_t w = ::write(out, buf.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) return sys::Error::last("write", to);
      done += w;
    }
  }
}

// Whatever is at dst that is not a directory goes (never written through).
sys::Status clear_non_dir(const TreeEntry& dst) {
  struct stat st;
  if (::fstatat(dst.dir.get(), dst.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return sys::ok();
    return sys::Error::last("stat", dst.display);
  }
  if (S_ISDIR(st.st_mode))
    return sys::Error::invalid("copy", dst.display, "cannot overwrite a directory with a non-directory");
  if (::unlinkat(dst.dir.get(), dst.name.c_str(), 0) != 0) return sys::Error::last("remove", dst.display);
  return sys::ok();
}

void copy_times(const TreeEntry& dst, const struct stat& st) {
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  (void)::utimensat(dst.dir.get(), dst.name.c_str(), times, AT_SYMLINK_NOFOLLOW);
}

sys::Status copy_file(const TreeEntry& src, const TreeEntry& dst, const struct stat& st) {
  int in = ::openat(src.dir.get(), src.name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0) return sys::Error::last("open", src.display);
  sys::Fd in_fd(in);
  MOCKER_TRY(clear_non_dir(dst));
  int out = ::openat(dst.dir.get(), dst.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (out < 0) return sys::Error::last("create", dst.display);
  sys::Fd out_fd(out);
  MOCKER_TRY(copy_bytes(in, out, src.display, dst.display));
  if (::fchmod(out, st.st_mode & 07777) != 0) return sys::Error::last("chmod", dst.display);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  (void)::futimens(out, times);
  return sys::ok();
}

sys::Status copy_dir(const TreeEntry& src, const TreeEntry& dst, const struct stat& st) {
  if (::mkdirat(dst.dir.get(), dst.name.c_str(), 0700) != 0 && errno != EEXIST) return sys::Error::last("create directory", dst.display);
  auto existing = MOCKER_TRY(stat_entry(dst));
  if (!existing || !S_ISDIR(existing->st_mode))
    return sys::Error::invalid("copy", dst.display, "cannot overwrite a non-directory with a directory");
  int from = ::openat(src.dir.get(), src.name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (from < 0) return sys::Error::last("open directory", src.display);
  int to = ::openat(dst.dir.get(), dst.name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (to < 0) {
    ::close(from);
    return sys::Error::last("open directory", dst.display);
  }
  TreeEntry from_dir{sys::Fd(from), ".", src.display};
  TreeEntry to_dir{sys::Fd(to), ".", dst.display};
  for (const auto& name : MOCKER_TRY(list_dir(from_dir.dir.get(), src.display))) {
    TreeEntry s{sys::Fd(::fcntl(from_dir.dir.get(), F_DUPFD_CLOEXEC, 0)), name, display_of(src, name)};
    TreeEntry d{sys::Fd(::fcntl(to_dir.dir.get(), F_DUPFD_CLOEXEC, 0)), name, display_of(dst, name)};
    if (s.dir.get() < 0 || d.dir.get() < 0) return sys::Error::last("duplicate descriptor", src.display);
    MOCKER_TRY(copy_tree(s, d));
  }
  if (::fchmodat(dst.dir.get(), dst.name.c_str(), st.st_mode & 07777, 0) != 0) return sys::Error::last("chmod", dst.display);
  copy_times(dst, st);
  return sys::ok();
}

}  // namespace

sys::Result<TreeEntry> locate_in_root(const std::string& root_dir, const std::string& path) {
  sys::Fd root = MOCKER_TRY(sys::open_file(root_dir, O_PATH | O_DIRECTORY));
  auto [dir, name] = split_last(path);
  sys::Fd d = MOCKER_TRY(open_confined(root.get(), dir, dir));
  return TreeEntry{std::move(d), name, path};
}

sys::Result<TreeEntry> locate_on_host(const std::string& path) {
  auto [dir, name] = split_last(path);
  sys::Fd d = MOCKER_TRY(sys::open_file(dir, O_PATH | O_DIRECTORY));
  return TreeEntry{std::move(d), name, path};
}

sys::Result<std::optional<struct stat>> stat_entry(const TreeEntry& e) {
  struct stat st;
  if (::fstatat(e.dir.get(), e.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) return std::optional<struct stat>(st);
  if (errno == ENOENT) return std::optional<struct stat>();
  return sys::Error::last("stat", e.display);
}

sys::Result<TreeEntry> child_of(const TreeEntry& e, const std::string& name) {
  int fd = ::openat(e.dir.get(), e.name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return sys::Error::last("open directory", e.display);
  return TreeEntry{sys::Fd(fd), name, display_of(e, name)};
}

sys::Status copy_tree(const TreeEntry& src, const TreeEntry& dst) {
  auto st = MOCKER_TRY(stat_entry(src));
  if (!st) return sys::Error::from_errno("copy", src.display, ENOENT);
  switch (st->st_mode & S_IFMT) {
    case S_IFDIR: return copy_dir(src, dst, *st);
    case S_IFREG: return copy_file(src, dst, *st);
    case S_IFLNK: {
      std::string target = MOCKER_TRY(read_link(src.dir.get(), src.name, src.display));
      MOCKER_TRY(clear_non_dir(dst));
      if (::symlinkat(target.c_str(), dst.dir.get(), dst.name.c_str()) != 0) return sys::Error::last("create symlink", dst.display);
      copy_times(dst, *st);
      return sys::ok();
    }
    case S_IFSOCK: return sys::ok();  // a socket is a live endpoint, not content
    default:
      MOCKER_TRY(clear_non_dir(dst));
      if (::mknodat(dst.dir.get(), dst.name.c_str(), st->st_mode, st->st_rdev) != 0) return sys::Error::last("create node", dst.display);
      copy_times(dst, *st);
      return sys::ok();
  }
}

namespace {

class TarWriter {
 public:
  TarWriter(const Libarchive& la, struct archive* a) : la_(la), a_(a), entry_(la.archive_entry_new()) {}
  ~TarWriter() { la_.archive_entry_free(entry_); }
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;

  // The entry name inside dir (an O_PATH descriptor), written as path.
  sys::Status add(int dir, const std::string& name, const std::string& path, const std::string& display) {
    struct stat st;
    if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return sys::Error::last("stat", display);
    if (S_ISSOCK(st.st_mode)) return sys::ok();
    if (!path.empty()) MOCKER_TRY(header(dir, name, path, display, st));
    if (S_ISREG(st.st_mode)) return content(dir, name, display);
    if (!S_ISDIR(st.st_mode)) return sys::ok();
    int fd = ::openat(dir, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return sys::Error::last("open directory", display);
    sys::Fd sub(fd);
    for (const auto& child : MOCKER_TRY(list_dir(sub.get(), display)))
      MOCKER_TRY(add(sub.get(), child, path.empty() ? child : path + "/" + child, display + "/" + child));
    return sys::ok();
  }

 private:
  sys::Status header(int dir, const std::string& name, const std::string& path, const std::string& display,
                     const struct stat& st) {
    la_.archive_entry_clear(entry_);
    la_.archive_entry_copy_stat(entry_, &st);
    la_.archive_entry_set_pathname(entry_, path.c_str());
    std::string target;
    if (S_ISLNK(st.st_mode)) {
      target = MOCKER_TRY(read_link(dir, name, display));
      la_.archive_entry_set_symlink(entry_, target.c_str());
    }
    if (la_.archive_write_header(a_, entry_) < ARCHIVE_WARN) return failed("write tar header for", display);
    return sys::ok();
  }

  sys::Status content(int dir, const std::string& name, const std::string& display) {
    int fd = ::openat(dir, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return sys::Error::last("open", display);
    sys::Fd in(fd);
    std::vector<char> buf(1 << 16);
    for (;;) {
      ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return sys::Error::last("read", display);
      if (n == 0) return sys::ok();
      if (la_.archive_write_data(a_, buf.data(), static_cast<size_t>(n)) < 0) return failed("write tar data of", display);
    }
  }

  sys::Error failed(const std::string& op, const std::string& display) {
    const char* why = la_.archive_error_string(a_);
    return sys::Error::invalid(op, display, why ? why : "libarchive error");
  }

  const Libarchive& la_;
  struct archive* a_;
  struct archive_entry* entry_;
};

}  // namespace

sys::Status write_tar(const TreeEntry& src, const std::string& prefix, int out_fd) {
  const Libarchive& la = *MOCKER_TRY(libarchive());
  struct archive* a = la.archive_write_new();
  la.archive_write_set_format_pax_restricted(a);
  auto st = [&]() -> sys::Status {
    if (la.archive_write_open_fd(a, out_fd) != ARCHIVE_OK)
      return sys::Error::invalid("open tar stream", src.display, la.archive_error_string(a));
    TarWriter writer(la, a);
    MOCKER_TRY(writer.add(src.dir.get(), src.name, prefix, src.display));
    if (la.archive_write_close(a) != ARCHIVE_OK)
      return sys::Error::invalid("finish tar stream", src.display, la.archive_error_string(a));
    return sys::ok();
  }();
  la.archive_write_free(a);
  return st;
}

sys::Status extract_tar(int in_fd, const std::string& display, const TreeEntry& dir) {
  int target = ::openat(dir.dir.get(), dir.name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (target < 0) return sys::Error::last("open directory", dir.display);
  sys::Fd target_fd(target);
  int in = ::fcntl(in_fd, F_DUPFD_CLOEXEC, 0);
  if (in < 0) return sys::Error::last("duplicate descriptor", display);
  auto stream = MOCKER_TRY(TarStream::open(sys::Fd(in), display));
  MOCKER_TRY(apply_layer(*stream, "/proc/self/fd/" + std::to_string(target), display));
  return sys::ok();
}

}  // namespace mocker::engine::image
