// The default profile, loaded for real in a child process (no root needed:
// no_new_privs allows an unprivileged process to load a filter).
#include <mocker/init/seccomp.hpp>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <functional>

namespace init = mocker::engine::init;

namespace {

struct Call {
  const char* name;
  std::function<long()> run;
  int want_errno;  // 0: must succeed
};

// Loads the filter in a child and runs the calls there; returns "" or what went wrong.
std::string in_filtered_child(const std::vector<Call>& calls) {
  int pipefd[2];
  if (::pipe(pipefd) != 0) return "pipe failed";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipefd[0]);
    std::string report;
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) report = "no_new_privs failed";
    auto st = init::load_default_seccomp();
    if (!st) report = st.error().render();
    for (const auto& c : calls) {
      if (!report.empty()) break;
      errno = 0;
      long rc = c.run();
      int err = rc < 0 ? errno : 0;
      if (err != c.want_errno)
        report += std::string(c.name) + ": errno " + std::to_string(err) + ", want " + std::to_string(c.want_errno) + "; ";
    }
    (void)!::write(pipefd[1], report.data(), report.size());
    ::_exit(0);
  }
  ::close(pipefd[1]);
  std::string out;
  char buf[1024];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status)) out += "child died";
  return out;
}

long clone_with(unsigned long flags) {
  long pid = ::syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr);
  if (pid == 0) ::_exit(0);
  if (pid > 0) ::waitpid(static_cast<pid_t>(pid), nullptr, 0);
  return pid < 0 ? -1 : 0;
}

TEST(Seccomp, BlocksWhatDockerBlocks) {
  std::string dir = "/tmp/mocker-seccomp-" + std::to_string(::getpid());
  std::vector<Call> calls = {
      {"mount", [] { return ::mount("none", "/", "tmpfs", 0, nullptr); }, EPERM},
      {"umount2", [] { return ::umount2("/", MNT_DETACH); }, EPERM},
      {"unshare", [] { return ::unshare(CLONE_NEWNS); }, EPERM},
      {"setns", [] { return ::setns(0, 0); }, EPERM},
      {"pivot_root", [] { return ::syscall(SYS_pivot_root, "/", "/"); }, EPERM},
      {"init_module", [] { return ::syscall(SYS_init_module, nullptr, 0, ""); }, EPERM},
      {"keyctl", [] { return ::syscall(SYS_keyctl, 1, 0); }, EPERM},
      {"bpf", [] { return ::syscall(SYS_bpf, 0, nullptr, 0); }, EPERM},
      {"ptrace", [] { return ::syscall(SYS_ptrace, 16, 1, 0, 0); }, EPERM},
      {"reboot", [] { return ::syscall(SYS_reboot, 0, 0, 0, nullptr); }, EPERM},
      {"fsopen", [] { return ::syscall(SYS_fsopen, "tmpfs", 0); }, EPERM},
      {"clone3", [] { return ::syscall(SYS_clone3, nullptr, 0); }, ENOSYS},
      {"clone new net", [] { return clone_with(CLONE_NEWNET); }, EPERM},
      {"clone new user", [] { return clone_with(CLONE_NEWUSER); }, EPERM},
      {"plain clone", [] { return clone_with(0); }, 0},
      {"personality query", [] { return ::personality(0xffffffff) < 0 ? -1L : 0L; }, 0},
      {"personality linux", [] { return ::personality(PER_LINUX) < 0 ? -1L : 0L; }, 0},
      {"personality other", [] { return ::personality(0x0040000) < 0 ? -1L : 0L; }, EPERM},
      {"mknod block", [dir] { return ::mknod((dir + "-blk").c_str(), S_IFBLK | 0600, makedev(7, 0)); }, EPERM},
      {"mknod fifo", [dir] {
         long rc = ::mknod((dir + "-fifo").c_str(), S_IFIFO | 0600, 0);
         ::unlink((dir + "-fifo").c_str());
         return rc;
       }, 0},
      {"getpid", [] { return ::getpid() > 0 ? 0L : -1L; }, 0},
  };
  EXPECT_EQ(in_filtered_child(calls), "");
}

TEST(Seccomp, FilterTextCoversThe32BitEntryPoints) {
  auto text = init::default_seccomp_text();
  ASSERT_TRUE(text) << text.error().render();
  EXPECT_NE(text->find("filter for arch x86_64"), std::string::npos);
  EXPECT_NE(text->find("filter for arch x86 "), std::string::npos);
  EXPECT_NE(text->find("filter for arch x32"), std::string::npos);
}

}  // namespace
