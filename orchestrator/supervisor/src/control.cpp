// The CLI's side: requests over the control socket, liveness through the
// lock, and starting a detached supervisor.
#include <mocker/supervisor/control.hpp>

#include <mocker/sys/fd.hpp>
#include <mocker/sys/lock.hpp>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace mocker::orchestrator::supervisor {

namespace sys = engine::sys;

namespace {

// nullopt: nobody listens there.
sys::Result<std::optional<sys::Fd>> connect_to(const std::string& path) {
  sys::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return sys::Error::last("socket", path);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return sys::Error::invalid("connect to", path, "path too long for a unix socket");
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (errno == ENOENT || errno == ECONNREFUSED) return std::optional<sys::Fd>();
    return sys::Error::last("connect to", path);
  }
  return std::optional<sys::Fd>(std::move(fd));
}

// How often a wait for a reply looks at its cancel flag.
constexpr int kCancelCheckMs = 100;

// False once `cancel` is set while nothing came.
sys::Result<bool> await_input(int fd, const std::atomic<bool>* cancel, const std::string& object) {
  if (!cancel) return true;
  pollfd p{fd, POLLIN, 0};
  for (;;) {
    if (*cancel) return false;
    int n = ::poll(&p, 1, kCancelCheckMs);
    if (n < 0 && errno != EINTR) return sys::Error::last("wait for", object);
    if (n > 0) return true;
  }
}

sys::Result<std::string> read_line(int fd, const std::string& object, const std::atomic<bool>* cancel) {
  std::string line;
  char c;
  for (;;) {
    if (!MOCKER_TRY(await_input(fd, cancel, object))) return sys::Error::invalid("wait for", object, "interrupted");
    ssize_t n = ::read(fd, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return sys::Error::last("read from", object);
    if (n == 0 || c == '\n') return line;
    line += c;
  }
}

}  // namespace

sys::Result<std::optional<nlohmann::json>> call(const ProjectPaths& paths, const nlohmann::json& request,
                                                const std::atomic<bool>* cancel) {
  auto fd = MOCKER_TRY(connect_to(paths.socket()));
  if (!fd) return std::optional<nlohmann::json>();
  MOCKER_TRY(sys::write_all(fd->get(), request.dump() + "\n", paths.socket()));
  std::string line = MOCKER_TRY(read_line(fd->get(), paths.socket(), cancel));
  auto reply = nlohmann::json::parse(line, nullptr, false);
  std::string op = request.value("op", "request");
  if (!reply.is_object()) return sys::Error::invalid("supervisor", op, "no reply (it stopped?)");
  // Its error names what it is about: "db-1 is unhealthy: ...".
  if (!reply.value("ok", false)) return sys::Error::invalid(reply.value("error", "supervisor refused " + op), "", "");
  return std::optional<nlohmann::json>(std::move(reply));
}

bool supervisor_alive(const ProjectPaths& paths) {
  if (::access(paths.lock().c_str(), F_OK) != 0) return false;
  auto lock = sys::FileLock::try_acquire(paths.lock());
  return lock && !lock->held();
}

namespace {

// In the grandchild: detached from our session and terminal, stdio to the
// log, then exec. Only async-signal-safe calls between fork and exec.
[[noreturn]] void become_supervisor(const std::vector<char*>& argv, const std::vector<char*>& envp,
                                    const std::string& log, int ready_fd) {
  ::setsid();
  int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (null >= 0) ::dup2(null, STDIN_FILENO);
  if (out >= 0) {
    ::dup2(out, STDOUT_FILENO);
    ::dup2(out, STDERR_FILENO);
  }
  ::fcntl(ready_fd, F_SETFD, 0);  // the one descriptor the supervisor keeps
  if (::chdir("/") != 0) ::_exit(127);
  ::execve(argv[0], argv.data(), envp.data());
  ::_exit(127);
}

}  // namespace

sys::Status spawn_detached(const ProjectPaths& paths, const std::vector<std::string>& argv) {
  if (supervisor_alive(paths)) return sys::ok();
  MOCKER_TRY(make_project_dir(paths));
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) return sys::Error::last("pipe2", "supervisor");
  sys::Fd read_end(ready[0]), write_end(ready[1]);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::string ready_variable = std::string(kReadyFdVariable) + "=" + std::to_string(write_end.get());
  std::vector<char*> envp{ready_variable.data()};
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, kReadyFdVariable, std::strlen(kReadyFdVariable)) != 0) envp.push_back(*e);
  envp.push_back(nullptr);
  std::string log = paths.log();
  pid_t child = ::fork();
  if (child < 0) return sys::Error::last("fork", "supervisor");
  if (child == 0) {
    // Fork again so the supervisor is nobody's child: it is reaped by init, not by us.
    pid_t grandchild = ::fork();
    if (grandchild == 0) become_supervisor(args, envp, log, write_end.get());
    ::_exit(grandchild < 0 ? 1 : 0);
  }
  write_end.reset();
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return sys::Error::invalid("start", "supervisor", "fork failed");
  // A byte once it listens; end of file if it exits first (another one won
  // the lock, or it failed: its log says why).
  char byte;
  ssize_t n;
  while ((n = ::read(read_end.get(), &byte, 1)) < 0 && errno == EINTR) {
  }
  if (n == 1 || supervisor_alive(paths)) return sys::ok();
  return sys::Error::invalid("start", "supervisor", "it exited at once; see " + paths.log());
}

std::optional<nlohmann::json> live_container_status(const ProjectPaths& paths) {
  auto live = call(paths, {{"op", "status"}});
  if (live && *live) return (**live).value("containers", nlohmann::json::object());
  return std::nullopt;
}

nlohmann::json container_status(const ProjectPaths& paths) {
  if (auto live = live_container_status(paths)) return *live;
  auto text = sys::read_file(paths.state());
  if (!text) return nlohmann::json::object();
  auto j = nlohmann::json::parse(*text, nullptr, false);
  return j.is_object() ? j : nlohmann::json::object();
}

}  // namespace mocker::orchestrator::supervisor
