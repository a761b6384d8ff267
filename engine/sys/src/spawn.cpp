#include <mocker/sys/spawn.hpp>

#include <mocker/sys/fd.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

extern char** environ;

namespace mocker::engine::sys {

namespace {

// posix_spawn's attributes and file actions, released on every path.
struct SpawnSetup {
  posix_spawn_file_actions_t actions;
  posix_spawnattr_t attr;
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions);
    posix_spawnattr_init(&attr);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;
};

void set_attributes(posix_spawnattr_t& attr, bool new_session) {
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
  if (new_session) flags |= POSIX_SPAWN_SETSID;
  posix_spawnattr_setflags(&attr, flags);
}

}  // namespace

Result<pid_t> spawn(const SpawnRequest& r) {
  if (r.argv.empty()) return Error::invalid("spawn", "", "no program given");
  const std::string& program = r.argv[0];
  std::vector<ChildFd> fds = r.fds;
  for (int std_fd = 0; std_fd < 3; ++std_fd)
    if (std::none_of(fds.begin(), fds.end(), [&](const ChildFd& f) { return f.target == std_fd; }))
      fds.push_back(ChildFd::open(std_fd, "/dev/null", std_fd == 0 ? O_RDONLY : O_WRONLY));
  int end = 0;
  for (const auto& f : fds) end = std::max(end, f.target + 1);

  // Sources are copied above every target first, so placing one descriptor
  // never overwrites another not yet placed. The copies are close-on-exec.
  std::vector<Fd> copies;
  SpawnSetup s;
  for (const auto& f : fds) {
    if (f.source >= 0) {
      int copy = ::fcntl(f.source, F_DUPFD_CLOEXEC, end);
      if (copy < 0) return Error::last("dup descriptor " + std::to_string(f.source) + " for", program);
      copies.emplace_back(copy);
      posix_spawn_file_actions_adddup2(&s.actions, copy, f.target);
    } else {
      posix_spawn_file_actions_addopen(&s.actions, f.target, f.path.c_str(), f.flags, f.mode);
    }
  }
  for (int fd = 0; fd < end; ++fd)  // a gap between targets is not inherited either
    if (std::none_of(fds.begin(), fds.end(), [&](const ChildFd& f) { return f.target == fd; }))
      posix_spawn_file_actions_addclose(&s.actions, fd);
  posix_spawn_file_actions_addclosefrom_np(&s.actions, end);
  set_attributes(s.attr, r.new_session);

  std::vector<char*> argv;
  for (const auto& a : r.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = r.search_path ? ::posix_spawnp(&pid, program.c_str(), &s.actions, &s.attr, argv.data(), environ)
                         : ::posix_spawn(&pid, program.c_str(), &s.actions, &s.attr, argv.data(), environ);
  if (rc != 0) return Error::from_errno("run", program, rc);
  return pid;
}

}  // namespace mocker::engine::sys
