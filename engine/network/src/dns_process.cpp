#include "dns_process.hpp"

#include <mocker/sys/fd.hpp>
#include <mocker/sys/spawn.hpp>

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <sstream>

namespace mocker::engine::network {

namespace {

constexpr int kReadyFd = 3;
constexpr int kReadyTimeoutMs = 10000;
constexpr int kStopTimeoutMs = 5000;

// /proc/PID/stat, empty when the process is gone.
std::string proc_stat(pid_t pid) {
  auto text = sys::read_file("/proc/" + std::to_string(pid) + "/stat");
  return text ? *text : std::string();
}

// Field 22 of /proc/PID/stat: tells a reused pid apart from the process we started.
std::optional<uint64_t> start_ticks(pid_t pid) {
  std::string stat = proc_stat(pid);
  auto close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return std::nullopt;
  std::istringstream fields(stat.substr(close + 2));
  std::string field;
  for (int i = 3; i <= 22; ++i)
    if (!(fields >> field)) return std::nullopt;
  return std::stoull(field);
}

std::vector<std::string> cmdline(pid_t pid) {
  auto text = sys::read_file("/proc/" + std::to_string(pid) + "/cmdline");
  std::vector<std::string> args;
  if (!text) return args;
  std::istringstream in(*text);
  std::string arg;
  while (std::getline(in, arg, '\0')) args.push_back(arg);
  return args;
}

std::vector<std::string> argv_of(const DnsLaunch& l) {
  std::vector<std::string> argv = {l.binary, "--state", l.state_dir, "--network", l.network_id,
                                   "--listen", l.listen.str(), "--port", std::to_string(l.port),
                                   "--ready-fd", std::to_string(kReadyFd)};
  for (const auto& u : l.upstreams) {
    argv.push_back("--upstream");
    argv.push_back(u);
  }
  return argv;
}

// Waits (bounded) for the server's one line on the ready pipe.
sys::Status await_ready(int fd, const std::string& object) {
  std::string said;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kReadyTimeoutMs);
  while (said.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return sys::Error::invalid("start DNS server", object, "it did not report ready in time");
    pollfd p{fd, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) return sys::Error::last("wait for DNS server", object);
    char buf[512];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    said.append(buf, static_cast<size_t>(n));
  }
  said = said.substr(0, said.find('\n'));
  if (said == "ready") return sys::ok();
  return sys::Error::invalid("start DNS server", object, said.empty() ? "it exited before it was ready" : said);
}

// Waits for a process to end: reaps it if it is our child, else watches /proc.
bool wait_gone(const DnsProcess& p, int timeout_ms) {
  for (int waited = 0; waited <= timeout_ms; waited += 10) {
    int status;
    pid_t r = ::waitpid(p.pid, &status, WNOHANG);
    if (r == p.pid) return true;
    if (!dns_server_alive(p)) return true;
    ::usleep(10 * 1000);
  }
  return false;
}

}  // namespace

sys::Result<DnsProcess> start_dns_server(const DnsLaunch& l) {
  const std::string object = "for network " + l.network_id.substr(0, 12);
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0) return sys::Error::last("pipe", object);
  sys::Fd read_end(pipefd[0]), write_end(pipefd[1]);

  // Exactly stdin and stdout on /dev/null, stderr to its log, the ready pipe.
  sys::SpawnRequest request;
  request.argv = argv_of(l);
  request.fds = {sys::ChildFd::open(2, l.log_path, O_WRONLY | O_CREAT | O_APPEND, 0600),
                 sys::ChildFd::copy(kReadyFd, write_end.get())};
  // Its own session: a terminal closing does not end it with the command that started it.
  request.new_session = true;
  pid_t pid = MOCKER_TRY(std::move(sys::spawn(request)).context("start DNS server " + object));
  write_end.reset();

  DnsProcess p{pid, start_ticks(pid).value_or(0)};
  if (auto ready = await_ready(read_end.get(), object); !ready) {
    auto stopped = stop_dns_server(p);
    sys::Error e = std::move(ready).error();
    if (!stopped) e = std::move(e).with_note(stopped.error().render());
    return e;
  }
  return p;
}

bool dns_server_alive(const DnsProcess& p) {
  if (p.pid <= 0) return false;
  auto ticks = start_ticks(p.pid);
  if (!ticks || (p.start_ticks != 0 && *ticks != p.start_ticks)) return false;
  // A zombie (our child, not yet reaped) is not serving anything.
  std::string stat = proc_stat(p.pid);
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

sys::Status stop_dns_server(const DnsProcess& p) {
  if (!dns_server_alive(p)) {
    ::waitpid(p.pid, nullptr, WNOHANG);
    return sys::ok();
  }
  // A pidfd pins the process: the signal cannot reach a process that took its pid meanwhile.
  sys::Fd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, p.pid, 0)));
  if (!pidfd.valid()) return errno == ESRCH ? sys::ok() : sys::Error::last("stop DNS server", std::to_string(p.pid));
  if (!dns_server_alive(p)) return sys::ok();
  ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGTERM, nullptr, 0);
  if (wait_gone(p, kStopTimeoutMs)) return sys::ok();
  ::syscall(SYS_pidfd_send_signal, pidfd.get(), SIGKILL, nullptr, 0);
  if (wait_gone(p, kStopTimeoutMs)) return sys::ok();
  return sys::Error::invalid("stop DNS server", std::to_string(p.pid), "it did not exit after SIGKILL");
}

std::vector<RunningDns> dns_servers_of(const std::string& state_dir) {
  std::vector<RunningDns> out;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc", ec)) {
    std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    pid_t pid = std::stoi(name);
    auto args = cmdline(pid);
    if (args.empty() || std::filesystem::path(args[0]).filename() != "mocker-dns") continue;
    std::string state, network;
    for (size_t i = 1; i + 1 < args.size(); ++i) {
      if (args[i] == "--state") state = args[i + 1];
      if (args[i] == "--network") network = args[i + 1];
    }
    if (state != state_dir || network.empty()) continue;
    DnsProcess p{pid, start_ticks(pid).value_or(0)};
    if (dns_server_alive(p)) out.push_back({p, network});
  }
  return out;
}

std::vector<std::string> host_nameservers(const std::string& resolv_conf) {
  std::vector<std::string> out;
  auto text = sys::read_file(resolv_conf);
  if (!text) return out;
  std::istringstream in(*text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, value;
    if (words >> key >> value && key == "nameserver" && Ipv4::parse(value)) out.push_back(value);
  }
  return out;
}

}  // namespace mocker::engine::network
