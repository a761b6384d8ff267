#pragma once
// Init's end of the attach socket: accepts clients, relays the workload's output
// to them, and feeds their input to the workload's stdin (a pipe or the pty).
#include <mocker/init/attach.hpp>
#include <mocker/sys/fd.hpp>

#include <poll.h>

#include <string>
#include <vector>

namespace mocker::engine::init {

class AttachServer {
 public:
  // Binds attach.sock in the state dir (a stale one is replaced).
  static sys::Result<AttachServer> listen(int state_dir_fd);

  // Where client input goes: a pipe's write end or a pty master (-1 / invalid: nowhere).
  void set_input(sys::Fd input, bool is_tty);

  // Appends what to poll for; handle() takes the same vector back after poll().
  void add_poll_fds(std::vector<pollfd>& fds);
  void handle(const std::vector<pollfd>& fds);

  void broadcast(AttachStream stream, std::string_view bytes);

  // Disconnects everyone and removes the socket file.
  void shut_down(int state_dir_fd);

 private:
  void accept_clients();
  void read_from(size_t client);
  void flush_input();

  sys::Fd listener_;
  std::vector<sys::Fd> clients_;
  sys::Fd input_;
  bool tty_ = false;
  bool close_input_ = false;
  std::string pending_;  // input not yet taken by the workload
  // Output from before the first client connected, replayed to it: the CLI
  // connects just after start, and a fast workload must not lose its first words.
  std::vector<std::string> backlog_;
  size_t backlog_bytes_ = 0;
  bool had_client_ = false;
  size_t first_ = 0;     // index of our first entry in the poll vector
  size_t input_index_ = 0;
};

}  // namespace mocker::engine::init
