#include <mocker/sys/fd.hpp>

#include <mocker/sys/fault.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <random>

namespace mocker::engine::sys {

void Fd::reset(int fd) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

Result<Fd> open_file(const std::string& path, int flags, int mode) {
  return open_at(AT_FDCWD, path, flags, mode);
}

Result<Fd> open_at(int dirfd, const std::string& path, int flags, int mode) {
  int fd;
  do {
    fd = ::openat(dirfd, path.c_str(), flags | O_CLOEXEC, mode);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) return Error::last("open", path);
  return Fd(fd);
}

Status write_all(int fd, std::string_view data, const std::string& object) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::last("write", object);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return ok();
}

Result<std::string> read_all(int fd, const std::string& object) {
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::last("read", object);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

Result<std::string> read_file(const std::string& path) {
  Fd fd = MOCKER_TRY(open_file(path, O_RDONLY));
  return read_all(fd.get(), path);
}

namespace {
std::string temp_suffix() {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  return ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rng() % 1000000007);
}
}  // namespace

Status write_file_atomic(const std::string& path, std::string_view data, int mode, Durability durability) {
  std::string tmp = path + temp_suffix();
  Fd fd = MOCKER_TRY(open_file(tmp, O_WRONLY | O_CREAT | O_EXCL, mode));
  auto fail = [&](Error e) {
    ::unlink(tmp.c_str());
    return e;
  };
  if (auto st = write_all(fd.get(), data, tmp); !st) return fail(std::move(st).error());
  bool durable = durability == Durability::durable;
  if (durable && ::fsync(fd.get()) < 0) return fail(Error::last("fsync", tmp));
  fd.reset();
  if (auto faulted = fault_point("sys.atomic_write"); !faulted) return fail(std::move(faulted).error());
  if (::rename(tmp.c_str(), path.c_str()) < 0) return fail(Error::last("rename", tmp + " to " + path));
  if (!durable) return ok();
  auto parent = std::filesystem::path(path).parent_path();
  const std::string dir = parent.empty() ? std::string(".") : parent.string();
  auto dfd = open_file(dir, O_RDONLY | O_DIRECTORY);
  if (!dfd) return std::move(dfd).error();
  if (::fsync(dfd->get()) < 0) return Error::last("fsync", dir);
  return ok();
}

}  // namespace mocker::engine::sys
