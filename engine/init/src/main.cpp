// mocker-init: PID 1 of every container (`start`), and the helper that joins a
// running container (`exec`). Started by the runtime with the sync socket on fd 3,
// the config on fd 4 and the step board on fd 5; not meant to be run by hand.
#include "exec.hpp"
#include "start.hpp"

#include <mocker/init/protocol.hpp>
#include <mocker/init/step_board.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string_view>

int main(int argc, char** argv) {
  using namespace mocker::engine::init;
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::printf("mocker-init version %s\n", MOCKER_VERSION);
    return 0;
  }
  // Nothing the workload execs may inherit the sync socket.
  if (::fcntl(kSyncFd, F_SETFD, FD_CLOEXEC) != 0 || ::fcntl(kConfigFd, F_SETFD, FD_CLOEXEC) != 0 ||
      ::fcntl(kStepBoardFd, F_SETFD, FD_CLOEXEC) != 0) {
    std::fprintf(stderr, "mocker-init: started without its sync, config and step board descriptors "
                         "(fd 3, 4, 5); it is run by mocker, not by hand\n");
    return 2;
  }
  // The mapping is all init needs of the board; the descriptor goes at once.
  auto board = map_step_board(kStepBoardFd);
  ::close(kStepBoardFd);
  if (!board) {
    (void)send_frame(kSyncFd, failure_frame("map step board", board.error()));
    return 1;
  }
  if (argc == 2 && std::strcmp(argv[1], "start") == 0) return run_start(*board->get());
  // The exec helper has joined the container's pid namespace for its children:
  // exit handlers that fork (a leak checker's, in sanitizer builds) would create
  // processes there that it cannot see through /proc. Nothing needs flushing.
  if (argc == 2 && std::strcmp(argv[1], "exec") == 0) ::_exit(run_exec(*board->get()));
  std::fprintf(stderr, "usage: mocker-init start|exec (run by mocker)\n");
  return 2;
}
