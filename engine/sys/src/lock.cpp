#include <mocker/sys/lock.hpp>

#include <fcntl.h>
#include <sys/file.h>

#include <cerrno>

namespace mocker::engine::sys {

Result<FileLock> FileLock::lock(const std::string& path, Mode mode, bool wait) {
  Fd fd = MOCKER_TRY(open_file(path, O_RDWR | O_CREAT, 0600));
  int op = (mode == Mode::shared ? LOCK_SH : LOCK_EX) | (wait ? 0 : LOCK_NB);
  int rc;
  do {
    rc = ::flock(fd.get(), op);
  } while (rc < 0 && errno == EINTR);
  if (rc < 0) {
    if (!wait && errno == EWOULDBLOCK) return FileLock{};
    return Error::last("lock", path);
  }
  FileLock held;
  held.fd_ = std::move(fd);
  return held;
}

Result<FileLock> FileLock::acquire(const std::string& path, Mode mode) {
  return lock(path, mode, true);
}

Result<FileLock> FileLock::try_acquire(const std::string& path, Mode mode) {
  return lock(path, mode, false);
}

}  // namespace mocker::engine::sys
