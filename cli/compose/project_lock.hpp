#pragma once
// Commands that change a project (up, down, start, stop, restart, kill, rm,
// run) plan and act one at a time: each holds the project's command lock
// (flock on run/compose/<project>/command.lock) while it looks at what exists
// and changes it. Read-only commands, the supervisor and the engine's own
// CLI take none.
#include <mocker/supervisor/paths.hpp>
#include <mocker/sys/fd.hpp>

#include <atomic>
#include <string>

namespace mocker::cli::compose {

class ProjectLock {
 public:
  // Waits until no other command holds the project, saying once on stderr
  // whom it waits for. Ctrl-C ends the wait (the default action, or `cancel`
  // when the command handles SIGINT itself: then an "interrupted" error).
  static engine::sys::Result<ProjectLock> acquire(const orchestrator::supervisor::ProjectPaths& paths,
                                                 const std::string& project, const std::atomic<bool>* cancel = nullptr);

  // Lets the next command go on (a foreground `up` does, before it follows logs).
  void release() { fd_.reset(); }
  bool held() const { return fd_.valid(); }

 private:
  engine::sys::Fd fd_;
};

}  // namespace mocker::cli::compose
