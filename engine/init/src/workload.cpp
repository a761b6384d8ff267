#include "workload.hpp"

#include <mocker/sys/spawn.hpp>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

namespace mocker::engine::init {

namespace {

[[noreturn]] void fail_child(int report_fd, const char* step, const sys::Error& e, int status) {
  auto bytes = encode_frame(failure_frame(step, e));
  (void)!::write(report_fd, bytes.data(), bytes.size());
  ::_exit(status);
}

[[noreturn]] void child(const Process& process, const Credentials& creds, const WorkloadStdio& io, int report_fd) {
  if (io.new_session && ::setsid() < 0) fail_child(report_fd, "set up stdio", sys::Error::last("setsid", ""), 1);
  if (io.controlling_tty >= 0 && ::ioctl(io.controlling_tty, TIOCSCTTY, 0) != 0)
    fail_child(report_fd, "set up stdio", sys::Error::last("set controlling terminal", ""), 1);
  const int wanted[3] = {io.in, io.out, io.err};
  for (int target = 0; target < 3; ++target) {
    if (wanted[target] < 0) continue;
    if (::dup2(wanted[target], target) < 0)
      fail_child(report_fd, "set up stdio", sys::Error::last("dup2", std::to_string(target)), 1);
  }
  // Exactly stdin, stdout and stderr reach the workload: the rest goes at its
  // exec (the report pipe is needed until then).
  sys::close_on_exec_from(3);
  StepFailure f = become_workload(process, creds, io.parent_death_signal);
  fail_child(report_fd, f.step.c_str(), f.error, f.exit_status);
}

int wait_status(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

sys::Result<Launched> launch_workload(const Process& process, const Credentials& creds, const WorkloadStdio& io) {
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) return sys::Error::last("pipe", "exec report");
  sys::Fd report_read(report[0]), report_write(report[1]);
  pid_t pid = ::fork();
  if (pid < 0) return sys::Error::last("fork", "workload");
  if (pid == 0) child(process, creds, io, report_write.get());
  report_write.reset();

  std::string bytes(kMaxFrame, '\0');
  ssize_t n;
  do {
    n = ::read(report_read.get(), bytes.data(), bytes.size());
  } while (n < 0 && errno == EINTR);
  Launched out;
  out.pid = pid;
  if (n <= 0) return out;  // EOF: the exec went through
  bytes.resize(static_cast<size_t>(n));
  out.exit_status = wait_status(pid);
  out.failure = decode_frame(bytes);
  if (!out.failure)
    out.failure = failure_frame("exec", sys::Error::invalid("report from workload", "", "malformed frame"));
  return out;
}

}  // namespace mocker::engine::init
