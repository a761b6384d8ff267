#pragma once
// mocker-dns: answers A queries for the containers of one network from the
// network's lease records, forwards other names to upstream servers.
// Single-threaded Boost.Asio loop; UDP only.
#include <mocker/network/address.hpp>
#include <mocker/state/records.hpp>

#include <boost/asio.hpp>

#include <array>
#include <memory>
#include <string>
#include <vector>

namespace mocker::engine::network::dns {

namespace asio = boost::asio;
using asio::ip::udp;

struct Options {
  std::string state_dir;
  std::string network_id;
  Ipv4 listen;
  uint16_t port = 53;
  std::vector<udp::endpoint> upstreams;
  int ready_fd = -1;
};

class Server {
 public:
  Server(asio::io_context& io, state::Records records, Options options);
  sys::Status listen();
  // Stops the loop when the network's record is gone (a removal that crashed
  // before stopping us), checked every few seconds.
  void watch_network();

 private:
  struct Forward;
  void receive();
  void handle(std::vector<uint8_t> query, const udp::endpoint& client);
  void forward(std::shared_ptr<Forward> f);
  void reply(std::vector<uint8_t> message, const udp::endpoint& client);

  asio::io_context& io_;
  state::Records records_;
  Options options_;
  udp::socket socket_;
  asio::steady_timer watch_;
  std::array<uint8_t, 4096> buffer_{};
  udp::endpoint sender_;
  size_t in_flight_ = 0;
};

}  // namespace mocker::engine::network::dns
