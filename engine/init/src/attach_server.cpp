#include "attach_server.hpp"

#include <mocker/init/records.hpp>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace mocker::engine::init {

namespace {

// Input beyond this waits in the clients' sockets until the workload reads.
constexpr size_t kMaxPending = 256 * 1024;
constexpr size_t kMaxClients = 16;
// Fits in a socket buffer, so the replay never blocks init.
constexpr size_t kMaxBacklog = 64 * 1024;

}  // namespace

sys::Result<AttachServer> AttachServer::listen(int state_dir_fd) {
  AttachServer s;
  s.listener_ = sys::Fd(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!s.listener_.valid()) return sys::Error::last("socket", kAttachSocketFile);
  ::unlinkat(state_dir_fd, kAttachSocketFile, 0);
  // Bound by a short name relative to the state dir: sun_path is small.
  sys::Fd cwd = MOCKER_TRY(sys::open_file(".", O_PATH | O_DIRECTORY));
  if (::fchdir(state_dir_fd) != 0) return sys::Error::last("chdir", "state dir");
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, kAttachSocketFile, sizeof addr.sun_path - 1);
  int rc = ::bind(s.listener_.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  int err = errno;
  if (::fchdir(cwd.get()) != 0) return sys::Error::last("chdir", "back");
  if (rc != 0) return sys::Error::from_errno("bind", kAttachSocketFile, err);
  if (::fchmodat(state_dir_fd, kAttachSocketFile, 0600, 0) != 0) return sys::Error::last("chmod", kAttachSocketFile);
  if (::listen(s.listener_.get(), 8) != 0) return sys::Error::last("listen", kAttachSocketFile);
  return s;
}

void AttachServer::set_input(sys::Fd input, bool is_tty) {
  input_ = std::move(input);
  tty_ = is_tty;
  if (input_.valid()) ::fcntl(input_.get(), F_SETFL, ::fcntl(input_.get(), F_GETFL) | O_NONBLOCK);
}

void AttachServer::add_poll_fds(std::vector<pollfd>& fds) {
  first_ = fds.size();
  fds.push_back({listener_.valid() ? listener_.get() : -1, POLLIN, 0});
  // Stop reading clients while the workload is behind on its stdin.
  short client_events = pending_.size() < kMaxPending ? POLLIN : 0;
  for (const auto& c : clients_) fds.push_back({c.get(), client_events, 0});
  input_index_ = fds.size();
  bool want_out = input_.valid() && !pending_.empty();
  fds.push_back({want_out ? input_.get() : -1, POLLOUT, 0});
}

void AttachServer::handle(const std::vector<pollfd>& fds) {
  if (fds.size() <= input_index_) return;
  if (fds[input_index_].revents) flush_input();
  // Walk clients backwards: read_from may drop one.
  for (size_t i = clients_.size(); i-- > 0;)
    if (fds[first_ + 1 + i].revents) read_from(i);
  if (fds[first_].revents & POLLIN) accept_clients();
}

void AttachServer::accept_clients() {
  for (;;) {
    int fd = ::accept4(listener_.get(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) return;
    if (clients_.size() >= kMaxClients) {
      ::close(fd);
      continue;
    }
    clients_.emplace_back(fd);
    if (!had_client_) {
      had_client_ = true;
      for (const auto& packet : backlog_) (void)::send(fd, packet.data(), packet.size(), MSG_NOSIGNAL);
      backlog_.clear();
      backlog_bytes_ = 0;
    }
  }
}

void AttachServer::read_from(size_t client) {
  char buf[kMaxAttachMessage];
  ssize_t n = ::recv(clients_[client].get(), buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) {
    clients_.erase(clients_.begin() + static_cast<long>(client));
    return;
  }
  auto m = decode_client_message(std::string_view(buf, static_cast<size_t>(n)));
  if (!m) return;
  switch (m->kind) {
    case AttachKind::input:
      if (input_.valid() && !close_input_) pending_ += m->bytes;
      break;
    case AttachKind::close_input:
      close_input_ = true;
      break;
    case AttachKind::resize:
      if (tty_ && input_.valid()) {
        winsize ws{m->rows, m->cols, 0, 0};
        ::ioctl(input_.get(), TIOCSWINSZ, &ws);
      }
      break;
  }
  flush_input();
}

void AttachServer::flush_input() {
  while (input_.valid() && !pending_.empty()) {
    ssize_t n = ::write(input_.get(), pending_.data(), pending_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n < 0) {  // the reader is gone
      pending_.clear();
      input_.reset();
      return;
    }
    pending_.erase(0, static_cast<size_t>(n));
  }
  // A pty has no end-of-file to send: closing it would hang up the workload.
  if (close_input_ && pending_.empty() && !tty_) input_.reset();
}

void AttachServer::broadcast(AttachStream stream, std::string_view bytes) {
  std::string packet = encode_output(stream, bytes);
  if (!had_client_) {
    if (backlog_bytes_ + packet.size() <= kMaxBacklog) {
      backlog_bytes_ += packet.size();
      backlog_.push_back(std::move(packet));
    }
    return;
  }
  for (const auto& c : clients_) (void)::send(c.get(), packet.data(), packet.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
}

void AttachServer::shut_down(int state_dir_fd) {
  // Unread input makes close() reset the connection, and the client could then
  // lose output still queued for it: drain first.
  char buf[kMaxAttachMessage];
  for (const auto& c : clients_)
    for (int i = 0; i < 64 && ::recv(c.get(), buf, sizeof buf, MSG_DONTWAIT) > 0; ++i) {
    }
  clients_.clear();
  listener_.reset();
  input_.reset();
  if (state_dir_fd >= 0) ::unlinkat(state_dir_fd, kAttachSocketFile, 0);
}

}  // namespace mocker::engine::init
