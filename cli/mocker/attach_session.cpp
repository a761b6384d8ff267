#include "attach_session.hpp"

#include <mocker/init/attach.hpp>

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <string>

namespace mocker::cli {

namespace sys = engine::sys;
namespace init = engine::init;

namespace {

volatile sig_atomic_t g_resized = 0;
void on_winch(int) { g_resized = 1; }

// Raw mode for the session; the terminal comes back as it was, whatever happens.
class RawTerminal {
 public:
  explicit RawTerminal(bool enable) {
    if (!enable || !::isatty(0) || ::tcgetattr(0, &saved_) != 0) return;
    struct termios raw = saved_;
    ::cfmakeraw(&raw);
    active_ = ::tcsetattr(0, TCSANOW, &raw) == 0;
  }
  ~RawTerminal() {
    if (active_) ::tcsetattr(0, TCSANOW, &saved_);
  }

 private:
  struct termios saved_ {};
  bool active_ = false;
};

sys::Status send_packet(int sock, const std::string& packet) {
  if (::send(sock, packet.data(), packet.size(), MSG_NOSIGNAL) < 0 && errno != EPIPE)
    return sys::Error::last("send to", "attach socket");
  return sys::ok();
}

sys::Status send_size(int sock) {
  struct winsize ws {};
  if (::ioctl(1, TIOCGWINSZ, &ws) != 0 || ws.ws_row == 0) return sys::ok();  // not a terminal
  return send_packet(sock, init::encode_resize(ws.ws_row, ws.ws_col));
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

sys::Status forward_input(int sock, bool& stdin_open) {
  char buf[4096];
  ssize_t n = ::read(0, buf, sizeof buf);
  if (n < 0 && errno == EINTR) return sys::ok();
  if (n <= 0) {
    stdin_open = false;
    return send_packet(sock, init::encode_close_input());
  }
  return send_packet(sock, init::encode_input(std::string_view(buf, static_cast<size_t>(n))));
}

}  // namespace

sys::Result<bool> relay_attach(sys::Fd socket, bool tty, bool forward_stdin) {
  RawTerminal raw(tty && forward_stdin);
  struct sigaction sa {};
  sa.sa_handler = on_winch;
  ::sigaction(SIGWINCH, &sa, nullptr);
  if (tty) MOCKER_TRY(send_size(socket.get()));
  bool stdin_open = forward_stdin;
  bool any_output = false;
  for (;;) {
    if (g_resized) {
      g_resized = 0;
      MOCKER_TRY(send_size(socket.get()));
    }
    struct pollfd fds[2] = {{socket.get(), POLLIN, 0}, {stdin_open ? 0 : -1, POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return sys::Error::last("poll", "attach session");
    }
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      if (!MOCKER_TRY(show_output(socket.get()))) return any_output;
      any_output = true;
    }
    if (fds[1].revents & (POLLIN | POLLHUP)) MOCKER_TRY(forward_input(socket.get(), stdin_open));
  }
}

}  // namespace mocker::cli
