// A workload with a tty or an open stdin, reached through the attach socket.
#include "fixture.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <chrono>

namespace mocker::test {
namespace {

namespace init = mocker::engine::init;

class Attach : public RuntimeTest {
 protected:
  void send(int fd, const std::string& packet) {
    ASSERT_EQ(::send(fd, packet.data(), packet.size(), MSG_NOSIGNAL), static_cast<ssize_t>(packet.size()));
  }

  // Output packets until `text` has been seen or the socket closes (bounded).
  std::string read_until(int fd, const std::string& text, int timeout_seconds = 30) {
    std::string seen;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    while (seen.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 100) <= 0) continue;
      char buf[init::kMaxAttachMessage];
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      auto m = init::decode_output(std::string_view(buf, static_cast<size_t>(n)));
      EXPECT_TRUE(m);
      if (m) seen += m->bytes;
    }
    return seen;
  }
};

TEST_F(Attach, TtyGivesOneTerminalStream) {
  auto s = spec({"/bin/sh", "-c", "[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty; echo to-stderr >&2"});
  s.process.tty = true;
  auto f = run(s);
  EXPECT_EQ(f.status, 0);
  EXPECT_EQ(f.stdout_text(), "all-tty\r\nto-stderr\r\n");
  EXPECT_EQ(f.stderr_text(), "");
  EXPECT_FALSE(std::filesystem::exists(state_ + "/attach.sock")) << "removed when the container ends";
}

TEST_F(Attach, InputReachesStdinAndOutputComesBack) {
  auto s = spec({"/bin/sh", "-c", "read line; echo \"got $line\"; cat; echo done"});
  s.process.stdin_open = true;
  auto started = runtime::start(s, {});
  ASSERT_TRUE(started) << started.error().render();
  auto client = runtime::attach(state_);
  ASSERT_TRUE(client) << client.error().render();
  send(client->get(), init::encode_input("hello\n"));
  EXPECT_NE(read_until(client->get(), "got hello\n").find("got hello\n"), std::string::npos);
  send(client->get(), init::encode_input("more\n"));
  send(client->get(), init::encode_close_input());
  EXPECT_NE(read_until(client->get(), "done\n").find("more\ndone\n"), std::string::npos);
  auto f = wait(started->init_pid);
  EXPECT_EQ(f.status, 0);
  EXPECT_EQ(f.stdout_text(), "got hello\nmore\ndone\n");
}

TEST_F(Attach, ResizeReachesTheTty) {
  auto s = spec({"/bin/sh", "-c", "read go; stty size"});
  s.process.tty = true;
  s.process.stdin_open = true;
  auto started = runtime::start(s, {});
  ASSERT_TRUE(started) << started.error().render();
  auto client = runtime::attach(state_);
  ASSERT_TRUE(client) << client.error().render();
  send(client->get(), init::encode_resize(33, 101));
  send(client->get(), init::encode_input("go\n"));
  EXPECT_NE(read_until(client->get(), "33 101").find("33 101"), std::string::npos);
  auto f = wait(started->init_pid);
  EXPECT_EQ(f.status, 0);
  EXPECT_NE(f.stdout_text().find("33 101\r\n"), std::string::npos) << f.stdout_text();
}

}  // namespace
}  // namespace mocker::test
