#include "confined.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace mocker::engine::image {

sys::Result<std::vector<std::string>> split_entry_path(const std::string& name) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= name.size()) {
    auto end = name.find('/', start);
    std::string part = name.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part == "..") return sys::Error::invalid("refuse archive entry", name, "path escapes the root (\"..\")");
    if (!part.empty() && part != ".") parts.push_back(std::move(part));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string join(const std::vector<std::string>& parts, size_t count) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    if (i) out += '/';
    out += parts[i];
  }
  return out;
}

namespace {
int openat2_in_root(int root_fd, const std::string& path) {
  struct open_how how {};
  how.flags = O_PATH | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd;
  do {
    fd = static_cast<int>(::syscall(SYS_openat2, root_fd, path.empty() ? "." : path.c_str(), &how, sizeof how));
  } while (fd < 0 && (errno == EINTR || errno == EAGAIN));
  return fd;
}
}  // namespace

sys::Result<sys::Fd> open_dir_in_root(int root_fd, const std::vector<std::string>& parts, size_t count,
                                      bool create) {
  int fd = openat2_in_root(root_fd, join(parts, count));
  if (fd >= 0) return sys::Fd(fd);
  if (errno != ENOENT || !create) return sys::Error::last("open directory", "/" + join(parts, count));
  // Create the missing tail one component at a time, each resolved in root.
  size_t have = count;
  while (have > 0 && (fd = openat2_in_root(root_fd, join(parts, have - 1))) < 0) {
    if (errno != ENOENT) return sys::Error::last("open directory", "/" + join(parts, have - 1));
    --have;
  }
  if (fd < 0) return sys::Error::last("open root directory", "/");
  sys::Fd cur(fd);
  for (size_t i = (have == 0 ? 0 : have - 1); i < count; ++i) {
    if (::mkdirat(cur.get(), parts[i].c_str(), 0755) != 0 && errno != EEXIST)
      return sys::Error::last("create directory", "/" + join(parts, i + 1));
    int next = openat2_in_root(root_fd, join(parts, i + 1));
    if (next < 0) return sys::Error::last("open directory", "/" + join(parts, i + 1));
    cur.reset(next);
  }
  return cur;
}

sys::Status remove_at(int dirfd, const std::string& name, const std::string& display) {
  struct stat st;
  if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) return sys::ok();
    return sys::Error::last("stat", display);
  }
  if (S_ISDIR(st.st_mode)) {
    int fd = ::openat(dirfd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return sys::Error::last("open directory", display);
    MOCKER_TRY(clear_dir_except(fd, {}, display));
    ::close(fd);
    if (::unlinkat(dirfd, name.c_str(), AT_REMOVEDIR) != 0) return sys::Error::last("remove directory", display);
    return sys::ok();
  }
  if (::unlinkat(dirfd, name.c_str(), 0) != 0 && errno != ENOENT) return sys::Error::last("remove", display);
  return sys::ok();
}

sys::Status clear_dir_except(int dirfd, const std::vector<std::string>& keep, const std::string& display) {
  // Reopen: dirfd may be an O_PATH descriptor, which fdopendir refuses.
  int dup = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dup < 0) return sys::Error::last("open directory", display);
  DIR* d = ::fdopendir(dup);
  if (!d) {
    ::close(dup);
    return sys::Error::last("read directory", display);
  }
  std::vector<std::string> names;
  while (auto* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n == "." || n == "..") continue;
    if (std::find(keep.begin(), keep.end(), n) != keep.end()) continue;
    names.push_back(std::move(n));
  }
  ::closedir(d);
  for (const auto& n : names) MOCKER_TRY(remove_at(dirfd, n, display + "/" + n));
  return sys::ok();
}

}  // namespace mocker::engine::image
