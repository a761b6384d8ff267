#pragma once
// Network "containers" for the network tests: forked children each in a new
// network namespace, and bounded TCP/UDP probes run in them or in the test's
// own namespace (the host, as far as the module can tell).
#include <mocker/network/network.hpp>
#include <mocker/test/harness.hpp>

#include <functional>
#include <optional>
#include <string>

namespace mocker::test {

namespace net = mocker::engine::network;

// A process in a network namespace of its own, alive until destroyed.
class Netns {
 public:
  Netns();
  ~Netns();
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;
  bool ok() const { return pid_ > 0; }
  std::string path() const { return "/proc/" + std::to_string(pid_) + "/ns/net"; }

 private:
  pid_t pid_ = -1;
  int hold_fd_ = -1;  // the child lives until this closes
};

// A forked process running `body` (inside `ns` unless null); it reports one
// line back. start() returns once the body called ready() (or it ended).
class Task {
 public:
  using Body = std::function<std::string(const std::function<void()>& ready)>;
  static std::unique_ptr<Task> start(const Netns* ns, Body body);
  ~Task();
  // The body's line; "timeout" if it did not end in time (it is then killed).
  std::string result(int timeout_ms = 10000);

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string said_;
};

// Runs body in ns and returns its line.
std::string run_in(const Netns* ns, Task::Body body);

// One TCP connection: connect (bounded), read until EOF (bounded). Returns
// what was read or "error: <errno words>".
std::string tcp_exchange(const std::string& ip, uint16_t port, int timeout_ms = 3000);
// Accepts one connection on port, writes `reply`, closes. Reports "served".
Task::Body tcp_server(uint16_t port, std::string reply, int timeout_ms = 10000);
// One datagram out, one back (bounded).
std::string udp_exchange(const std::string& ip, uint16_t port, const std::string& payload, int timeout_ms = 3000);
// Answers one datagram with `reply` + what it received.
Task::Body udp_server(uint16_t port, std::string reply, int timeout_ms = 10000);

// The test's view of the module's state, and a safety net that removes what
// a failed test left so its namespace's leftovers are not mistaken for leaks
// of the next step.
class NetworkTest : public PrivilegedTest {
 protected:
  void SetUp() override;
  void TearDown() override;
  net::Networks& networks() { return *networks_; }
  engine::state::Records& records() { return *records_; }
  // Opens the module with this configuration (default: no DNS server).
  void open(net::NetworkConfig config);
  std::string container_id(char fill) const { return std::string(64, fill); }
  net::Endpoint attach(const std::string& network, const std::string& id, const Netns& ns,
                       const std::string& name = "", std::vector<std::string> aliases = {});

 private:
  std::optional<engine::state::Records> records_;
  std::optional<net::Networks> networks_;
};

}  // namespace mocker::test
