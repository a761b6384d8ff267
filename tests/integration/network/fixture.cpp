#include "fixture.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>

namespace mocker::test {

namespace {

using Clock = std::chrono::steady_clock;

int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

// Keeps only fds 0-2 in a forked child, so it holds no pipe end of another child.
void close_other_fds() { ::syscall(SYS_close_range, 3u, UINT_MAX, 0u); }

void bring_lo_up() {
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
    ifr.ifr_flags |= IFF_UP;
    ::ioctl(s, SIOCSIFFLAGS, &ifr);
  }
  ::close(s);
}

// Waits for pid (bounded), then kills it.
void reap(pid_t pid, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Clock::now() < deadline) {
    if (::waitpid(pid, nullptr, WNOHANG) != 0) return;
    ::usleep(5000);
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

// Reads until EOF or the deadline.
std::string read_until_eof(int fd, Clock::time_point deadline, bool& timed_out) {
  std::string out;
  timed_out = false;
  while (true) {
    pollfd p{fd, POLLIN, 0};
    int rc = ::poll(&p, 1, ms_left(deadline));
    if (rc < 0 && errno == EINTR) continue;
    if (rc == 0) {
      timed_out = true;
      return out;
    }
    char buf[1024];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

sockaddr_in address(const std::string& ip, uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr);
  return sa;
}

std::string error_words(int err) { return std::string("error: ") + std::strerror(err); }

}  // namespace

Netns::Netns() {
  int hold[2], ready[2];
  if (::pipe2(hold, O_CLOEXEC) != 0 || ::pipe2(ready, O_CLOEXEC) != 0) return;
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(hold[0], 0);
    ::dup2(ready[1], 1);
    close_other_fds();
    if (::unshare(CLONE_NEWNET) != 0) ::_exit(1);
    bring_lo_up();
    char byte = 1;
    if (::write(1, &byte, 1) != 1) ::_exit(1);
    ::close(1);
    while (::read(0, &byte, 1) > 0) {
    }
    ::_exit(0);
  }
  ::close(hold[0]);
  ::close(ready[1]);
  hold_fd_ = hold[1];
  char byte = 0;
  pollfd p{ready[0], POLLIN, 0};
  bool up = pid > 0 && ::poll(&p, 1, 5000) == 1 && ::read(ready[0], &byte, 1) == 1 && byte == 1;
  ::close(ready[0]);
  pid_ = pid;
  if (!up && pid > 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    pid_ = -1;
  }
}

Netns::~Netns() {
  if (hold_fd_ >= 0) ::close(hold_fd_);
  if (pid_ > 0) reap(pid_, 5000);
}

std::unique_ptr<Task> Task::start(const Netns* ns, Body body) {
  auto task = std::unique_ptr<Task>(new Task);
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) return task;
  std::string ns_path = ns ? ns->path() : "";
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(report[1], 1);
    close_other_fds();
    if (!ns_path.empty()) {
      int fd = ::open(ns_path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0) {
        std::string e = "error: setns " + ns_path;
        (void)!::write(1, e.data(), e.size());
        ::_exit(1);
      }
      ::close(fd);
    }
    std::string said = body([] {
      char byte = 1;
      (void)!::write(1, &byte, 1);
    });
    (void)!::write(1, said.data(), said.size());
    ::_exit(0);
  }
  ::close(report[1]);
  task->pid_ = pid;
  task->fd_ = report[0];
  // Ready (a 1 byte), or the start of the result, or nothing for a while.
  pollfd p{task->fd_, POLLIN, 0};
  char byte;
  if (::poll(&p, 1, 10000) == 1 && ::read(task->fd_, &byte, 1) == 1 && byte != 1) task->said_ += byte;
  return task;
}

Task::~Task() {
  if (fd_ >= 0) ::close(fd_);
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
}

std::string Task::result(int timeout_ms) {
  if (pid_ <= 0) return "error: not started";
  bool timed_out;
  said_ += read_until_eof(fd_, Clock::now() + std::chrono::milliseconds(timeout_ms), timed_out);
  if (timed_out) ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
  std::erase(said_, '\1');
  return timed_out ? "timeout" : said_;
}

std::string run_in(const Netns* ns, Task::Body body) { return Task::start(ns, std::move(body))->result(); }

std::string tcp_exchange(const std::string& ip, uint16_t port, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  sockaddr_in sa = address(ip, port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
    int err = errno;
    ::close(fd);
    return error_words(err);
  }
  pollfd p{fd, POLLOUT, 0};
  if (::poll(&p, 1, ms_left(deadline)) != 1) {
    ::close(fd);
    return "error: connect timed out";
  }
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err) {
    ::close(fd);
    return error_words(err);
  }
  bool timed_out;
  std::string got = read_until_eof(fd, deadline, timed_out);
  ::close(fd);
  return timed_out ? "error: read timed out" : got;
}

Task::Body tcp_server(uint16_t port, std::string reply, int timeout_ms) {
  return [=](const std::function<void()>& ready) -> std::string {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sa = address("0.0.0.0", port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd, 4) != 0) return error_words(errno);
    ready();
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return "timeout: no connection";
    int c = ::accept4(fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (c < 0) return error_words(errno);
    (void)!::write(c, reply.data(), reply.size());
    ::close(c);
    return "served";
  };
}

std::string udp_exchange(const std::string& ip, uint16_t port, const std::string& payload, int timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa = address(ip, port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::send(fd, payload.data(), payload.size(), 0) < 0) {
    int err = errno;
    ::close(fd);
    return error_words(err);
  }
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) != 1) {
    ::close(fd);
    return "error: no reply";
  }
  char buf[2048];
  ssize_t n = ::recv(fd, buf, sizeof buf, 0);
  int err = errno;
  ::close(fd);
  return n < 0 ? error_words(err) : std::string(buf, static_cast<size_t>(n));
}

Task::Body udp_server(uint16_t port, std::string reply, int timeout_ms) {
  return [=](const std::function<void()>& ready) -> std::string {
    int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in sa = address("0.0.0.0", port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return error_words(errno);
    ready();
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) != 1) return "timeout: no datagram";
    char buf[2048];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) return error_words(errno);
    std::string out = reply + std::string(buf, static_cast<size_t>(n));
    ::sendto(fd, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
    return "served";
  };
}

void NetworkTest::SetUp() {
  PrivilegedTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  auto r = engine::state::Records::open(root_dir() + "/state");
  ASSERT_TRUE(r) << r.error().render();
  records_ = *r;
  open({});
}

void NetworkTest::open(net::NetworkConfig config) {
  auto n = net::Networks::open(*records_, std::move(config));
  ASSERT_TRUE(n) << n.error().render();
  networks_.emplace(std::move(*n));
}

void NetworkTest::TearDown() {
  // After a failure, remove what the test made so the leak check reports the
  // failure's cause, not everything downstream of it.
  if (HasFailure() && networks_) {
    (void)networks_->cleanup_orphans({});
    if (auto all = networks_->list())
      for (const auto& n : *all) (void)networks_->remove(n.id);
  }
  PrivilegedTest::TearDown();
}

net::Endpoint NetworkTest::attach(const std::string& network, const std::string& id, const Netns& ns,
                                  const std::string& name, std::vector<std::string> aliases) {
  net::Attachment a;
  a.network = network;
  a.container_id = id;
  a.container_name = name;
  a.netns_path = ns.path();
  a.aliases = std::move(aliases);
  auto e = networks_->attach(a);
  EXPECT_TRUE(e) << e.error().render_long();
  return e ? *e : net::Endpoint{};
}

}  // namespace mocker::test
