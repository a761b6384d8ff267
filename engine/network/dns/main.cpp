// mocker-dns --state DIR --network ID --listen IP [--port N] [--upstream IP[:PORT]]... [--ready-fd N]
// Started by the network module, one per network; says "ready" (or what went
// wrong) on the ready fd once it listens, then serves until SIGTERM.
#include "server.hpp"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <string>

namespace dns = mocker::engine::network::dns;
namespace net = mocker::engine::network;
namespace sys = mocker::engine::sys;

namespace {

sys::Result<int> parse_int(const std::string& s, int max) {
  int v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size() || v < 0 || v > max)
    return sys::Error::invalid("parse number", s, "out of range");
  return v;
}

sys::Result<dns::udp::endpoint> parse_upstream(const std::string& s) {
  auto colon = s.find(':');
  net::Ipv4 ip = MOCKER_TRY(net::Ipv4::parse(s.substr(0, colon)));
  int port = colon == std::string::npos ? 53 : MOCKER_TRY(parse_int(s.substr(colon + 1), 65535));
  return dns::udp::endpoint(dns::asio::ip::address_v4(ip.value), static_cast<uint16_t>(port));
}

sys::Result<dns::Options> parse_args(int argc, char** argv) {
  dns::Options o;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (i + 1 >= argc) return sys::Error::invalid("parse arguments", flag, "needs a value");
    std::string value = argv[++i];
    if (flag == "--state") o.state_dir = value;
    else if (flag == "--network") o.network_id = value;
    else if (flag == "--listen") o.listen = MOCKER_TRY(net::Ipv4::parse(value));
    else if (flag == "--port") o.port = static_cast<uint16_t>(MOCKER_TRY(parse_int(value, 65535)));
    else if (flag == "--upstream") o.upstreams.push_back(MOCKER_TRY(parse_upstream(value)));
    else if (flag == "--ready-fd") o.ready_fd = MOCKER_TRY(parse_int(value, 1 << 20));
    else return sys::Error::invalid("parse arguments", flag, "unknown flag");
  }
  if (o.state_dir.empty() || o.network_id.empty() || o.listen.any())
    return sys::Error::invalid("parse arguments", "", "--state, --network and --listen are required");
  return o;
}

void say(int fd, const std::string& line) {
  if (fd < 0) return;
  std::string text = line + "\n";
  (void)!::write(fd, text.data(), text.size());
  ::close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::string(argv[1]) == "--version") {
    std::printf("mocker-dns version %s\n", MOCKER_VERSION);
    return 0;
  }
  int ready_fd = -1;
  for (int i = 1; i + 1 < argc; ++i)
    if (std::string(argv[i]) == "--ready-fd") ready_fd = std::atoi(argv[i + 1]);
  auto fail = [&](const sys::Error& e) {
    std::fprintf(stderr, "mocker-dns: %s\n", e.render().c_str());
    say(ready_fd, e.render());
    return 1;
  };
  auto options = parse_args(argc, argv);
  if (!options) return fail(options.error());
  auto records = mocker::engine::state::Records::open(options->state_dir);
  if (!records) return fail(records.error());

  dns::asio::io_context io;
  dns::Server server(io, std::move(*records), *options);
  if (auto listening = server.listen(); !listening) return fail(listening.error());
  dns::asio::signal_set stop(io, SIGTERM, SIGINT);
  stop.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
  server.watch_network();
  say(ready_fd, "ready");
  io.run();
  return 0;
}
