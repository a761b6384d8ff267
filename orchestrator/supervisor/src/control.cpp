// The CLI's side: requests over the control socket, liveness through the
// lock, and starting a detached supervisor.
#include <mocker/supervisor/control.hpp>

#include <mocker/sys/fd.hpp>
#include <mocker/sys/lock.hpp>
#include <mocker/sys/spawn.hpp>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

namespace mocker::orchestrator::supervisor {

namespace sys = engine::sys;

namespace {

using Clock = std::chrono::steady_clock;

// How often a wait for the supervisor looks at its cancel flag, its deadline
// and whether the supervisor is still alive.
constexpr int kTickMs = 100;
constexpr auto kDefaultTimeout = std::chrono::seconds(10);
// How long a starting supervisor may take to listen (it opens the engine first).
constexpr std::chrono::milliseconds kListenTimeout = std::chrono::seconds(30);

std::string seconds_text(std::chrono::milliseconds d) {
  auto tenths = (d.count() + 50) / 100;
  return std::to_string(tenths / 10) + (tenths % 10 ? "." + std::to_string(tenths % 10) : "") + " s";
}

// The pid the live supervisor wrote next to its lock, if it did.
std::string supervisor_pid(const ProjectPaths& paths) {
  auto text = sys::read_file(paths.pid());
  if (!text) return "";
  std::string pid = text->substr(0, text->find('\n'));
  return pid.find_first_not_of("0123456789") == std::string::npos ? pid : "";
}

// One request's wait for the supervisor: until a descriptor is ready, the
// call is cancelled, the deadline passes, or the supervisor is found dead
// (a dead one never answers, whoever still holds its socket open).
class CallWait {
 public:
  enum class Outcome { ready, supervisor_gone };

  CallWait(const ProjectPaths& paths, const nlohmann::json& request, const CallOptions& o)
      : paths_(paths), op_(request.value("op", "request")), options_(o) {
    if (o.timeout) deadline_ = Clock::now() + *o.timeout;
  }

  // Until fd has `events` (POLLIN or POLLOUT); fd < 0: for one tick (before
  // connecting again).
  sys::Result<Outcome> until(int fd, short events) {
    for (int tick = 0;; ++tick) {
      if (options_.cancel && *options_.cancel)
        return sys::Error::invalid("wait for", paths_.socket(), "interrupted");
      if (deadline_ && Clock::now() >= *deadline_) return timed_out();
      if (tick > 0 && !supervisor_alive(paths_)) return Outcome::supervisor_gone;
      if (fd < 0 && tick > 0) return Outcome::ready;
      pollfd p{fd, events, 0};
      int n = ::poll(&p, fd < 0 ? 0 : 1, kTickMs);
      if (n < 0 && errno != EINTR) return sys::Error::last("wait for", paths_.socket());
      if (n > 0) return Outcome::ready;
    }
  }

 private:
  sys::Error timed_out() const {
    std::string pid = supervisor_pid(paths_);
    std::string ends_it = pid.empty() ? "ending its process (mocker-supervisor --project-name " + paths_.project + ")"
                                      : "`kill " + pid + "`";
    return sys::Error::invalid(
        "supervisor of project " + paths_.project, "",
        "did not answer \"" + op_ + "\" within " + seconds_text(*options_.timeout) + " (" + paths_.socket() +
            "); it may be stopped or stuck: " + ends_it +
            " ends it, the containers keep running and the next mocker-compose command starts a supervisor that "
            "adopts them");
  }

  const ProjectPaths& paths_;
  std::string op_;
  CallOptions options_;
  std::optional<Clock::time_point> deadline_;
};

// nullopt: nobody listens there, or the supervisor is gone.
sys::Result<std::optional<sys::Fd>> connect_to(const std::string& path, CallWait& wait) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return sys::Error::invalid("connect to", path, "path too long for a unix socket");
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  for (;;) {
    sys::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd.valid()) return sys::Error::last("socket", path);
    if (::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) return std::optional<sys::Fd>(std::move(fd));
    if (errno == ENOENT || errno == ECONNREFUSED) return std::optional<sys::Fd>();
    if (errno != EAGAIN && errno != EINTR) return sys::Error::last("connect to", path);
    // Its backlog is full: it is not accepting. Try again while it may.
    if (MOCKER_TRY(wait.until(-1, 0)) == CallWait::Outcome::supervisor_gone) return std::optional<sys::Fd>();
  }
}

// False: the supervisor is gone.
sys::Result<bool> send_request(int fd, std::string_view data, const std::string& object, CallWait& wait) {
  while (!data.empty()) {
    ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n >= 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return sys::Error::last("write to", object);
    if (MOCKER_TRY(wait.until(fd, POLLOUT)) == CallWait::Outcome::supervisor_gone) return false;
  }
  return true;
}

// nullopt: the supervisor is gone.
sys::Result<std::optional<std::string>> read_line(int fd, const std::string& object, CallWait& wait) {
  std::string line;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) {
      if (MOCKER_TRY(wait.until(fd, POLLIN)) == CallWait::Outcome::supervisor_gone) return std::optional<std::string>();
      continue;
    }
    if (n < 0) return sys::Error::last("read from", object);
    line.append(buf, static_cast<size_t>(n));
    // The supervisor writes one line and closes.
    if (n == 0 || line.find('\n') != std::string::npos) return std::optional<std::string>(line.substr(0, line.find('\n')));
  }
}

}  // namespace

std::chrono::milliseconds default_call_timeout() {
  const char* text = std::getenv("MOCKER_SUPERVISOR_TIMEOUT");
  char* end = nullptr;
  double seconds = text ? std::strtod(text, &end) : 0;
  if (!text || end == text || *end != '\0' || !(seconds > 0) || seconds > 86400) return kDefaultTimeout;
  return std::chrono::milliseconds(static_cast<int64_t>(seconds * 1000));
}

sys::Result<std::optional<nlohmann::json>> call(const ProjectPaths& paths, const nlohmann::json& request,
                                                const CallOptions& options) {
  using Reply = std::optional<nlohmann::json>;
  CallWait wait(paths, request, options);
  auto fd = MOCKER_TRY(connect_to(paths.socket(), wait));
  if (!fd) return Reply();
  if (!MOCKER_TRY(send_request(fd->get(), request.dump() + "\n", paths.socket(), wait))) return Reply();
  auto line = MOCKER_TRY(read_line(fd->get(), paths.socket(), wait));
  if (!line) return Reply();
  auto reply = nlohmann::json::parse(*line, nullptr, false);
  std::string op = request.value("op", "request");
  if (!reply.is_object()) return sys::Error::invalid("supervisor", op, "no reply (it stopped?)");
  // Its error names what it is about: "db-1 is unhealthy: ...".
  if (!reply.value("ok", false)) return sys::Error::invalid(reply.value("error", "supervisor refused " + op), "", "");
  return Reply(std::move(reply));
}

bool supervisor_alive(const ProjectPaths& paths) {
  if (::access(paths.lock().c_str(), F_OK) != 0) return false;
  auto lock = sys::FileLock::try_acquire(paths.lock());
  return lock && !lock->held();
}

namespace {

// The descriptor the supervisor gets the ready pipe on.
constexpr int kReadyFd = 3;

// In the grandchild: detached from our session and terminal, stdio to the
// log, the ready pipe on fd 3 and nothing else, then exec. Only
// async-signal-safe calls between fork and exec.
[[noreturn]] void become_supervisor(const std::vector<char*>& argv, const std::vector<char*>& envp,
                                    const std::string& log, int ready_fd) {
  ::setsid();
  // Above every target, so placing one never overwrites another.
  int ready = ::fcntl(ready_fd, F_DUPFD_CLOEXEC, 10);
  int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (ready < 0 || null < 0 || out < 0) ::_exit(127);
  if (::dup2(null, STDIN_FILENO) < 0 || ::dup2(out, STDOUT_FILENO) < 0 || ::dup2(out, STDERR_FILENO) < 0 ||
      ::dup2(ready, kReadyFd) < 0)
    ::_exit(127);
  for (int fd = 0; fd <= kReadyFd; ++fd) ::fcntl(fd, F_SETFD, 0);  // a dup2 onto itself keeps close-on-exec
  sys::close_descriptors_from(kReadyFd + 1);
  if (::chdir("/") != 0) ::_exit(127);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
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
  std::string ready_variable = std::string(kReadyFdVariable) + "=" + std::to_string(kReadyFd);
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
  pollfd p{read_end.get(), POLLIN, 0};
  int ready_in = ::poll(&p, 1, static_cast<int>(kListenTimeout.count()));
  while (ready_in < 0 && errno == EINTR) ready_in = ::poll(&p, 1, static_cast<int>(kListenTimeout.count()));
  if (ready_in == 0)
    return sys::Error::invalid("start", "supervisor of project " + paths.project,
                               "it did not listen within " + seconds_text(kListenTimeout) + "; see " + paths.log());
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
