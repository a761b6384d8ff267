#pragma once
// Owning file descriptor, and EINTR-safe whole-buffer I/O.
#include <mocker/sys/result.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace mocker::engine::sys {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  Fd& operator=(Fd&& o) noexcept {
    if (this != &o) { reset(); fd_ = std::exchange(o.fd_, -1); }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

Result<Fd> open_file(const std::string& path, int flags, int mode = 0);
Result<Fd> open_at(int dirfd, const std::string& path, int flags, int mode = 0);

Status write_all(int fd, std::string_view data, const std::string& object);
// Reads until EOF.
Result<std::string> read_all(int fd, const std::string& object);
Result<std::string> read_file(const std::string& path);

// Writes path atomically: temp file in the same dir, rename. A reader sees the
// old or the new content, never a mix. Durability::durable also fsyncs the file
// and the directory, so the new content survives a power loss.
enum class Durability { atomic, durable };
Status write_file_atomic(const std::string& path, std::string_view data, int mode = 0644,
                         Durability durability = Durability::durable);

}  // namespace mocker::engine::sys
