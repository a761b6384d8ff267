#include "server.hpp"

#include <mocker/network/dns.hpp>

#include "../src/records.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace mocker::engine::network::dns {

namespace {

constexpr auto kForwardTimeout = std::chrono::seconds(2);
constexpr auto kWatchInterval = std::chrono::seconds(5);
// Forwards in flight at once; beyond it, clients get SERVFAIL and retry.
constexpr size_t kMaxInFlight = 128;

// asio opens sockets without close-on-exec; every descriptor of ours has it.
void open_udp(udp::socket& s, boost::system::error_code& ec) {
  int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    ec.assign(errno, boost::system::system_category());
    return;
  }
  s.assign(udp::v4(), fd, ec);
  if (ec) ::close(fd);
}

}  // namespace

struct Server::Forward {
  Forward(asio::io_context& io) : socket(io), timer(io) {}
  udp::socket socket;
  asio::steady_timer timer;
  std::vector<uint8_t> query;
  udp::endpoint client;
  size_t upstream = 0;
  std::array<uint8_t, 4096> buffer{};
  bool done = false;
};

Server::Server(asio::io_context& io, state::Records records, Options options)
    : io_(io), records_(std::move(records)), options_(std::move(options)), socket_(io), watch_(io) {}

sys::Status Server::listen() {
  const std::string object = options_.listen.str() + ":" + std::to_string(options_.port);
  udp::endpoint at(asio::ip::address_v4(options_.listen.value), options_.port);
  boost::system::error_code ec;
  open_udp(socket_, ec);
  if (!ec) socket_.bind(at, ec);
  if (ec) return sys::Error::from_errno("listen", object, ec.value());
  receive();
  return sys::ok();
}

void Server::watch_network() {
  watch_.expires_after(kWatchInterval);
  watch_.async_wait([this](const boost::system::error_code& ec) {
    if (ec) return;
    auto record = records_.read(kNetworksKind, options_.network_id);
    if (record && !*record) {
      io_.stop();
      return;
    }
    watch_network();
  });
}

void Server::receive() {
  socket_.async_receive_from(asio::buffer(buffer_), sender_, [this](const boost::system::error_code& ec, size_t n) {
    if (ec == asio::error::operation_aborted) return;
    if (!ec) handle(std::vector<uint8_t>(buffer_.begin(), buffer_.begin() + static_cast<long>(n)), sender_);
    receive();
  });
}

void Server::reply(std::vector<uint8_t> message, const udp::endpoint& client) {
  auto data = std::make_shared<std::vector<uint8_t>>(std::move(message));
  socket_.async_send_to(asio::buffer(*data), client, [data](const boost::system::error_code&, size_t) {});
}

void Server::handle(std::vector<uint8_t> query, const udp::endpoint& client) {
  auto q = parse_dns_query(query);
  if (!q) return reply(build_dns_error(query, DnsRcode::format_error), client);
  auto endpoints = read_all_endpoints(records_);
  if (!endpoints) return reply(build_dns_answer(query, *q, DnsRcode::server_failure, {}), client);
  Ipv4 source{client.address().to_v4().to_uint()};
  Resolution r = resolve_name(q->name, options_.network_id, source, active_only(std::move(*endpoints)));
  if (r.known) {
    // A known name has only A records: other types get an empty answer, not an error.
    bool a = q->type == kDnsTypeA && q->klass == kDnsClassIn;
    return reply(build_dns_answer(query, *q, DnsRcode::no_error, a ? r.addresses : std::vector<Ipv4>{}), client);
  }
  if (options_.upstreams.empty()) return reply(build_dns_answer(query, *q, DnsRcode::name_error, {}), client);
  if (in_flight_ >= kMaxInFlight) return reply(build_dns_answer(query, *q, DnsRcode::server_failure, {}), client);
  auto f = std::make_shared<Forward>(io_);
  f->query = std::move(query);
  f->client = client;
  ++in_flight_;
  forward(f);
}

// Tries the upstreams in turn, each for a while; the first answer goes back
// to the client as it came.
void Server::forward(std::shared_ptr<Forward> f) {
  auto finish = [this, f](std::vector<uint8_t> message) {
    f->done = true;
    --in_flight_;
    boost::system::error_code ignored;
    f->timer.cancel();
    f->socket.close(ignored);
    reply(std::move(message), f->client);
  };
  if (f->upstream >= options_.upstreams.size()) {
    auto q = parse_dns_query(f->query);
    return finish(q ? build_dns_answer(f->query, *q, DnsRcode::server_failure, {})
                    : build_dns_error(f->query, DnsRcode::server_failure));
  }
  auto next = [this, f] {
    if (f->done) return;
    ++f->upstream;
    forward(f);
  };
  boost::system::error_code ec;
  if (f->socket.is_open()) f->socket.close(ec);
  open_udp(f->socket, ec);
  if (!ec) f->socket.connect(options_.upstreams[f->upstream], ec);
  if (!ec) f->socket.send(asio::buffer(f->query), 0, ec);
  if (ec) return next();
  size_t attempt = f->upstream;
  f->timer.expires_after(kForwardTimeout);
  f->timer.async_wait([f, attempt, next](const boost::system::error_code& ec) {
    if (!ec && f->upstream == attempt) next();
  });
  f->socket.async_receive(asio::buffer(f->buffer), [f, attempt, next, finish](const boost::system::error_code& ec, size_t n) {
    if (f->done || f->upstream != attempt || ec == asio::error::operation_aborted) return;
    if (ec) return next();  // refused: try the next one now
    finish(std::vector<uint8_t>(f->buffer.begin(), f->buffer.begin() + static_cast<long>(n)));
  });
}

}  // namespace mocker::engine::network::dns
