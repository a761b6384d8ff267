#pragma once
// flock-based locks on a file: held for the object's lifetime.
#include <mocker/sys/fd.hpp>

namespace mocker::engine::sys {

class FileLock {
 public:
  enum class Mode { shared, exclusive };
  // Blocks until the lock is held. Creates the lock file if needed.
  static Result<FileLock> acquire(const std::string& path, Mode mode = Mode::exclusive);
  // Returns an invalid lock (held() == false) if someone else holds it.
  static Result<FileLock> try_acquire(const std::string& path, Mode mode = Mode::exclusive);
  bool held() const { return fd_.valid(); }
  void release() { fd_.reset(); }

 private:
  static Result<FileLock> lock(const std::string& path, Mode mode, bool wait);
  Fd fd_;
};

}  // namespace mocker::engine::sys
