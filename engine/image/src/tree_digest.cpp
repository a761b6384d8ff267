#include "tree_digest.hpp"

#include <mocker/sys/fd.hpp>

#include <dirent.h>
#include <fcntl.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <map>

namespace mocker::engine::image {

void TreeDigest::add(const std::string& rel, const struct stat& st, const std::string& extra) {
  std::string line = rel + '\0' + std::to_string(st.st_mode) + '\0' + std::to_string(st.st_uid) + '\0' +
                     std::to_string(st.st_gid) + '\0' + std::to_string(st.st_size) + '\0' + extra + '\n';
  hash_.update(line);
}

sys::Result<std::vector<std::string>> sorted_entries(int dirfd, const std::string& display) {
  int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return sys::Error::last("open directory", display);
  DIR* d = ::fdopendir(fd);
  if (!d) {
    ::close(fd);
    return sys::Error::last("read directory", display);
  }
  std::vector<std::string> names;
  errno = 0;
  while (auto* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n != "." && n != "..") names.push_back(std::move(n));
  }
  int err = errno;
  ::closedir(d);
  if (err) return sys::Error::from_errno("read directory", display, err);
  std::sort(names.begin(), names.end());
  return names;
}

namespace {

class Hasher {
 public:
  explicit Hasher(std::string display) : display_(std::move(display)) {}

  sys::Status walk(int dir, const std::string& rel) {
    for (const auto& name : MOCKER_TRY(sorted_entries(dir, display_ + "/" + rel))) {
      std::string path = rel.empty() ? name : rel + "/" + name;
      struct stat st;
      if (::fstatat(dir, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return sys::Error::last("stat", display_ + "/" + path);
      if (!S_ISDIR(st.st_mode) && st.st_nlink > 1) {
        auto [it, first] = links_.try_emplace({st.st_dev, st.st_ino}, path);
        if (!first) {
          digest_.add(path, st, "link:" + it->second);
          continue;
        }
      }
      MOCKER_TRY(entry(dir, name, path, st));
    }
    return sys::ok();
  }

  std::string digest() { return digest_.digest(); }

 private:
  sys::Status entry(int dir, const std::string& name, const std::string& path, const struct stat& st) {
    if (S_ISDIR(st.st_mode)) {
      digest_.add(path, st, "");
      sys::Fd sub = MOCKER_TRY(sys::open_at(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
      return walk(sub.get(), path);
    }
    if (S_ISREG(st.st_mode)) {
      sys::Fd f = MOCKER_TRY(sys::open_at(dir, name, O_RDONLY | O_NOFOLLOW));
      Sha256 content;
      char buf[1 << 16];
      for (;;) {
        ssize_t n = ::read(f.get(), buf, sizeof buf);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return sys::Error::last("read", display_ + "/" + path);
        if (n == 0) break;
        content.update(buf, static_cast<size_t>(n));
      }
      digest_.add(path, st, content.hex());
      return sys::ok();
    }
    if (S_ISLNK(st.st_mode)) {
      std::string target(static_cast<size_t>(st.st_size) + 1, '\0');
      ssize_t n = ::readlinkat(dir, name.c_str(), target.data(), target.size());
      if (n < 0) return sys::Error::last("read symlink", display_ + "/" + path);
      target.resize(static_cast<size_t>(n));
      digest_.add(path, st, target);
      return sys::ok();
    }
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode))
      digest_.add(path, st, std::to_string(major(st.st_rdev)) + ":" + std::to_string(minor(st.st_rdev)));
    return sys::ok();  // sockets are not part of an image
  }

  std::string display_;
  TreeDigest digest_;
  std::map<std::pair<dev_t, ino_t>, std::string> links_;
};

}  // namespace

sys::Result<std::string> hash_tree(int dirfd, const std::string& display) {
  Hasher h(display);
  MOCKER_TRY(h.walk(dirfd, ""));
  return h.digest();
}

}  // namespace mocker::engine::image
