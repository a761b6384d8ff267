#include <mocker/cli/attach_session.hpp>

#include <mocker/cli/detach_keys.hpp>
#include <mocker/cli/terminal.hpp>
#include <mocker/init/attach.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <iostream>
#include <string>

namespace mocker::cli {

namespace sys = engine::sys;
namespace init = engine::init;
namespace container = engine::container;

namespace {

volatile sig_atomic_t g_forward_pid = 0;

void forward_signal(int sig) {
  if (g_forward_pid > 0) ::kill(g_forward_pid, sig);
}

// While attached, signals sent to us go to the container (docker's sig-proxy).
void proxy_signals_to(pid_t pid) {
  g_forward_pid = pid;
  struct sigaction sa {};
  sa.sa_handler = forward_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2}) ::sigaction(sig, &sa, nullptr);
}

void print_log(const std::string& stream, const std::string& text) {
  (stream == "stderr" ? std::cerr : std::cout) << text << std::flush;
}

sys::Status send_packet(int sock, const std::string& packet) {
  if (::send(sock, packet.data(), packet.size(), MSG_NOSIGNAL) < 0 && errno != EPIPE)
    return sys::Error::last("send to", "attach socket");
  return sys::ok();
}

sys::Status send_size(int sock) {
  auto size = window_size();
  if (!size) return sys::ok();
  return send_packet(sock, init::encode_resize(size->rows, size->cols));
}

// Returns false when the connection is closed.
sys::Result<bool> show_output(int sock) {
  std::string buf(init::kMaxAttachMessage, '\0');
  ssize_t n = ::recv(sock, buf.data(), buf.size(), 0);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n < 0 && errno == ECONNRESET) return false;  // init closed with our last input unread: the end
  if (n < 0) return sys::Error::last("read from", "attach socket");
  if (n == 0) return false;
  auto msg = init::decode_output(std::string_view(buf.data(), static_cast<size_t>(n)));
  if (!msg) return true;
  int fd = msg->stream == init::AttachStream::err ? 2 : 1;
  MOCKER_TRY(sys::write_all(fd, msg->bytes, fd == 1 ? "stdout" : "stderr"));
  return true;
}

sys::Status forward_input(int sock, bool& stdin_open, DetachMatcher& detach, bool& detached) {
  char buf[4096];
  ssize_t n = ::read(0, buf, sizeof buf);
  if (n < 0 && errno == EINTR) return sys::ok();
  if (n <= 0) {
    stdin_open = false;
    return send_packet(sock, init::encode_close_input());
  }
  std::string bytes = detach.feed(std::string_view(buf, static_cast<size_t>(n)), detached);
  if (bytes.empty()) return sys::ok();
  return send_packet(sock, init::encode_input(bytes));
}

}  // namespace

sys::Result<AttachOutcome> relay_attach(sys::Fd socket, const AttachOptions& o) {
  RawTerminal raw(o.tty && o.forward_stdin);
  ResizeWatch resizes;
  DetachMatcher detach(o.tty && o.forward_stdin ? o.detach_keys : "");
  if (o.tty) MOCKER_TRY(send_size(socket.get()));
  bool stdin_open = o.forward_stdin;
  AttachOutcome out;
  for (;;) {
    if (resizes.take() && o.tty) MOCKER_TRY(send_size(socket.get()));
    struct pollfd fds[2] = {{socket.get(), POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
    if (::ppoll(fds, 2, nullptr, resizes.mask()) < 0) {
      if (errno == EINTR) continue;
      return sys::Error::last("poll", "attach session");
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!MOCKER_TRY(show_output(socket.get()))) return out;
      out.any_output = true;
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) {
      MOCKER_TRY(forward_input(socket.get(), stdin_open, detach, out.detached));
      if (out.detached) return out;
    }
  }
}

sys::Result<bool> follow_until_exit(container::Containers& cs, const container::Container& c,
                                    const std::string& detach_keys) {
  const auto& p = c.spec.process;
  if (p.tty || p.stdin_open) {
    if (!p.tty) proxy_signals_to(c.state.pid);  // with a tty, ^C travels as a byte
    // A workload that ends at once may close the socket before we are served
    // (or before we connect); then everything it printed is in the log.
    if (auto socket = cs.attach(c.id); socket) {
      AttachOptions o{p.tty, p.stdin_open, detach_keys};
      auto outcome = MOCKER_TRY(relay_attach(std::move(*socket), o));
      if (outcome.detached) return true;
      if (outcome.any_output) return false;
    }
  }
  proxy_signals_to(c.state.pid);
  container::LogOptions follow;
  follow.follow = true;
  MOCKER_TRY(cs.logs(c.id, follow, print_log));
  return false;
}

}  // namespace mocker::cli
