#include "network_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace mocker::test {

namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in address(const std::string& ip, uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &sa.sin_addr);
  return sa;
}

int ms_left(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

std::string words(int err) { return std::string("error: ") + std::strerror(err); }

}  // namespace

std::string http_get(const std::string& ip, uint16_t port, int timeout_ms) {
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  sockaddr_in sa = address(ip, port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 && errno != EINPROGRESS) {
    int err = errno;
    ::close(fd);
    return words(err);
  }
  pollfd p{fd, POLLOUT, 0};
  int soerr = 0;
  socklen_t len = sizeof soerr;
  if (::poll(&p, 1, ms_left(deadline)) != 1 || ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &len) != 0 || soerr) {
    ::close(fd);
    return soerr ? words(soerr) : "error: connect timed out";
  }
  const std::string request = "GET / HTTP/1.0\r\n\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) < 0) {
    int err = errno;
    ::close(fd);
    return words(err);
  }
  std::string out;
  for (;;) {
    pollfd r{fd, POLLIN, 0};
    if (::poll(&r, 1, ms_left(deadline)) != 1) break;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string udp_exchange(const std::string& ip, uint16_t port, const std::string& payload, int timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa = address(ip, port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::send(fd, payload.data(), payload.size(), 0) < 0) {
    int err = errno;
    ::close(fd);
    return words(err);
  }
  pollfd p{fd, POLLIN, 0};
  char buf[2048];
  ssize_t n = ::poll(&p, 1, timeout_ms) == 1 ? ::recv(fd, buf, sizeof buf, 0) : -1;
  ::close(fd);
  return n < 0 ? "error: no reply" : std::string(buf, static_cast<size_t>(n));
}

HostListener::HostListener(uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa = address("0.0.0.0", port);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd_, 16) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  thread_ = std::thread([this] {
    while (!stop_) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) != 1) continue;
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (c < 0) continue;
      ++accepted_;
      ::send(c, "hello\n", 6, MSG_NOSIGNAL);
      ::close(c);
    }
  });
}

HostListener::~HostListener() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (fd_ >= 0) ::close(fd_);
}

std::string wait_for_http(const std::string& url) {
  // busybox's wget -T crashes in this build; timeout bounds it instead.
  return "for i in $(seq 50); do (timeout 2 wget -q -O /dev/null " + url + ") 2>/dev/null && break; sleep 0.1; done; ";
}

void NetworkCliTest::TearDown() {
  if (engine_ && HasFailure()) {
    // After a failure, remove what the test made so the leak check reports
    // the failure's cause, not everything downstream of it.
    if (auto all = engine().containers().list(true, {}))
      for (const auto& c : *all) (void)engine().containers().remove(c.id, true);
    (void)engine().containers().clean_up_networks();
  }
  CliTest::TearDown();
}

std::string NetworkCliTest::ok(const std::string& args) {
  auto r = cli(args);
  EXPECT_EQ(r.status, 0) << "mocker " << args << "\n" << r.output;
  return r.output;
}

std::string NetworkCliTest::serve_http(const std::string& flags, const std::string& body) {
  auto id = ok("run -d " + flags + " busybox sh -c 'echo " + body + " > /var/www/index.html; exec httpd -f -p 80 -h /var/www'");
  return id.substr(0, id.find('\n'));
}

Command NetworkCliTest::in_container(const std::string& flags, const std::string& script) {
  return cli("run --rm " + flags + " busybox sh -c '" + script + "'");
}

std::string NetworkCliTest::ip_of(const std::string& ref, const std::string& network) {
  auto c = engine().containers().get(ref);
  if (!c) return "";
  auto v = engine().containers().network_view(*c);
  if (!v) return "";
  for (const auto& e : v->endpoints)
    if (e.network_name == network) return e.ip.str();
  return "";
}

std::string NetworkCliTest::gateway_of(const std::string& network) {
  auto n = engine().networks().get(network);
  return n ? n->gateway.str() : "";
}

void NetworkCliTest::remove_everything() {
  if (auto all = engine().containers().list(true, {}))
    for (const auto& c : *all) ok("rm -f " + c.id);
  if (auto nets = engine().networks().list())
    for (const auto& n : *nets) ok("network rm " + n.name);
  expect_no_network_leftovers();
  expect_no_containers();
}

}  // namespace mocker::test
