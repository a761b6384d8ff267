#include "project_lock.hpp"

#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <iostream>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace mocker::cli::compose {

namespace sys = engine::sys;

namespace {

// How often a waiting command tries again and looks at its cancel flag.
constexpr auto kRetry = std::chrono::milliseconds(100);

// `down` removes the project's run directory, lock file included, while it
// holds the lock: a lock then taken on the removed file guards nothing.
bool still_linked(int fd, const std::string& path) {
  struct stat held {}, now {};
  return ::fstat(fd, &held) == 0 && ::stat(path.c_str(), &now) == 0 && held.st_ino == now.st_ino &&
         held.st_dev == now.st_dev;
}

// The holder writes its pid into the file, for the waiting message.
std::string holder_of(const std::string& path) {
  auto text = sys::read_file(path);
  if (!text || text->empty()) return "";
  while (!text->empty() && text->back() == '\n') text->pop_back();
  return " (pid " + *text + ")";
}

void record_holder(int fd) {
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) == 0) {
    [[maybe_unused]] ssize_t n = ::pwrite(fd, pid.data(), pid.size(), 0);
  }
}

}  // namespace

// Waits on one open file (making a new one while `down` removes the
// directory could make its removal fail); opens again only when the file it
// got was removed meanwhile.
sys::Result<ProjectLock> ProjectLock::acquire(const orchestrator::supervisor::ProjectPaths& paths,
                                              const std::string& project, const std::atomic<bool>* cancel) {
  const std::string path = paths.command_lock();
  bool said = false;
  for (;;) {
    MOCKER_TRY(orchestrator::supervisor::make_project_dir(paths));
    sys::Fd fd = MOCKER_TRY(sys::open_file(path, O_RDWR | O_CREAT, 0600));
    for (;;) {
      if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) break;
      if (errno == EINTR) continue;
      if (errno != EWOULDBLOCK) return sys::Error::last("lock", path);
      if (!said) {
        std::cerr << "waiting for another mocker-compose command on project " << project << holder_of(path)
                  << "...\n";
        said = true;
      }
      if (cancel && *cancel) return sys::Error::invalid("wait for", "project " + project, "interrupted");
      std::this_thread::sleep_for(kRetry);
    }
    if (!still_linked(fd.get(), path)) continue;
    record_holder(fd.get());
    ProjectLock lock;
    lock.fd_ = std::move(fd);
    return lock;
  }
}

}  // namespace mocker::cli::compose
