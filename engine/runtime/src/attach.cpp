#include <mocker/runtime/runtime.hpp>

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cstring>

namespace mocker::engine::runtime {

sys::Result<sys::Fd> attach(const std::string& state_dir) {
  // sun_path is short; the state dir may not be: reach the socket through an fd.
  sys::Fd dir = MOCKER_TRY(sys::open_file(state_dir, O_PATH | O_DIRECTORY));
  std::string path = "/proc/self/fd/" + std::to_string(dir.get()) + "/" + init::kAttachSocketFile;
  sys::Fd sock(::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0));
  if (!sock.valid()) return sys::Error::last("socket", "attach");
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  if (::connect(sock.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
    return sys::Error::last("attach", state_dir + "/" + init::kAttachSocketFile);
  return sock;
}

}  // namespace mocker::engine::runtime
