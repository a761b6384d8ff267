// The control socket: a JSON request line in, a JSON reply line out
// (control.hpp lists the operations). Root only: the directory is 0700 and
// the socket 0600.
#include "loop.hpp"

#include <mocker/sys/fd.hpp>

#include <cerrno>
#include <cstring>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace mocker::orchestrator::supervisor {

namespace {

struct Connection : std::enable_shared_from_this<Connection> {
  explicit Connection(asio::local::stream_protocol::socket s) : socket(std::move(s)) {}
  asio::local::stream_protocol::socket socket;
  asio::streambuf in;
  std::string out;

  void reply(nlohmann::json j) {
    out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";  // probe output may not be UTF-8
    asio::async_write(socket, asio::buffer(out), [self = shared_from_this()](const boost::system::error_code&, size_t) {
      boost::system::error_code ignored;
      self->socket.shutdown(asio::socket_base::shutdown_both, ignored);
    });
  }
};

nlohmann::json ok(nlohmann::json j = nlohmann::json::object()) {
  j["ok"] = true;
  return j;
}
nlohmann::json refused(const std::string& error) { return {{"ok", false}, {"error", error}}; }

}  // namespace

sys::Status Loop::listen() {
  // We hold the project's lock, so a socket file left here is a dead supervisor's.
  ::unlink(paths_.socket().c_str());
  if (paths_.socket().size() >= sizeof(sockaddr_un::sun_path))
    return sys::Error::invalid("listen on", paths_.socket(), "path too long for a unix socket; use a shorter MOCKER_ROOT");
  // Made here rather than by asio, which opens and accepts without
  // close-on-exec: every process we start would hold our socket open.
  sys::Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
  if (!fd.valid()) return sys::Error::last("socket", paths_.socket());
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, paths_.socket().c_str(), paths_.socket().size() + 1);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return sys::Error::last("bind", paths_.socket());
  if (::listen(fd.get(), SOMAXCONN) != 0) return sys::Error::last("listen on", paths_.socket());
  if (::chmod(paths_.socket().c_str(), 0600) != 0) return sys::Error::last("chmod", paths_.socket());
  boost::system::error_code ec;
  acceptor_.assign(asio::local::stream_protocol(), fd.get(), ec);
  if (ec) return sys::Error::from_errno("listen on", paths_.socket(), ec.value());
  fd.release();
  accept();
  return sys::ok();
}

void Loop::unlisten() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  // We still hold the lock: the socket file is ours to remove.
  ::unlink(paths_.socket().c_str());
}

// One connection, accepted close-on-exec (see listen()).
void Loop::accept() {
  acceptor_.async_wait(asio::socket_base::wait_read, [this](const boost::system::error_code& ec) {
    if (ec || stopping_) return;
    int fd = ::accept4(acceptor_.native_handle(), nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) {
      if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED)
        log("accept on the control socket: " + sys::Error::last("accept", paths_.socket()).render());
      return accept();
    }
    asio::local::stream_protocol::socket s(io_);
    boost::system::error_code assigned;
    s.assign(asio::local::stream_protocol(), fd, assigned);
    if (assigned) {
      ::close(fd);
      return accept();
    }
    serve(std::move(s));
    accept();
  });
}

void Loop::serve(asio::local::stream_protocol::socket s) {
  auto conn = std::make_shared<Connection>(std::move(s));
  asio::async_read_until(conn->socket, conn->in, '\n', [this, conn](const boost::system::error_code& ec, size_t) {
    if (ec) return;
    std::istream is(&conn->in);
    std::string line;
    std::getline(is, line);
    auto request = nlohmann::json::parse(line, nullptr, false);
    if (!request.is_object()) return conn->reply(refused("not a JSON object"));
    std::string op = request.value("op", "");
    if (op == "status") return conn->reply(ok({{"containers", status()}}));
    if (op == "rescan") {
      rescan();
      return conn->reply(ok());
    }
    if (op == "hold") {
      hold(request.value("ids", std::vector<std::string>{}));
      return conn->reply(ok());
    }
    if (op == "wait_healthy")
      return wait_healthy(request.value("id", ""), [conn](const std::string& error) {
        conn->reply(error.empty() ? ok() : refused(error));
      });
    if (op == "shutdown") {
      boost::system::error_code ignored;  // written before the loop stops, so the caller hears it
      asio::write(conn->socket, asio::buffer(ok().dump() + "\n"), ignored);
      return stop();
    }
    conn->reply(refused("unknown operation \"" + op + "\""));
  });
}

}  // namespace mocker::orchestrator::supervisor
