#pragma once
// Containers on networks, driven through the CLI, and the host's side of the
// traffic: bounded TCP and UDP exchanges from the test's own namespace (the
// "host": the bridges live in it). Traffic goes only to 127.0.0.0/8 and to
// addresses of bridges and containers the test made.
#include "cli_fixture.hpp"

#include <atomic>
#include <string>
#include <thread>

namespace mocker::test {

// "GET /" over TCP, bounded; the whole response, or "error: ..." words.
std::string http_get(const std::string& ip, uint16_t port, int timeout_ms = 2000);
// One datagram out, one back, bounded.
std::string udp_exchange(const std::string& ip, uint16_t port, const std::string& payload, int timeout_ms = 1000);

// A TCP listener on 0.0.0.0:port in the test's namespace that accepts and
// closes connections until destroyed, counting them.
class HostListener {
 public:
  explicit HostListener(uint16_t port);
  ~HostListener();
  bool ok() const { return fd_ >= 0; }
  int accepted() const { return accepted_; }

 private:
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

class NetworkCliTest : public CliTest {
 protected:
  void TearDown() override;
  // Runs the CLI and fails the test unless it exits 0; its output.
  std::string ok(const std::string& args);
  // A busybox httpd serving `body` on port 80, detached.
  std::string serve_http(const std::string& flags, const std::string& body);
  // What a short-lived busybox container on `flags` prints running `script`.
  Command in_container(const std::string& flags, const std::string& script);
  // The container's address on a network, from the engine's view.
  std::string ip_of(const std::string& ref, const std::string& network);
  std::string gateway_of(const std::string& network);
  // Removes every container and network through the CLI, then checks that
  // nothing of ours is left in the namespace or the records.
  void remove_everything();
};

// A shell loop that waits (at most ~5 s) until `url` answers.
std::string wait_for_http(const std::string& url);

}  // namespace mocker::test
