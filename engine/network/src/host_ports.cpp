#include "host_ports.hpp"

#include <mocker/sys/fd.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace mocker::engine::network {

namespace {

sys::Result<sys::Fd> bound_socket(Ipv4 ip, uint16_t port, Protocol protocol) {
  const std::string object = ip.str() + ":" + std::to_string(port) + "/" + protocol_name(protocol);
  int type = protocol == Protocol::tcp ? SOCK_STREAM : SOCK_DGRAM;
  sys::Fd fd(::socket(AF_INET, type | SOCK_CLOEXEC, 0));
  if (!fd.valid()) return sys::Error::last("open socket", object);
  if (protocol == Protocol::tcp) {
    // Connections in TIME_WAIT do not make a port taken; a listener does.
    int one = 1;
    ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  }
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  sa.sin_addr.s_addr = htonl(ip.value);
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) return sys::Error::last("bind", object);
  return fd;
}

}  // namespace

sys::Status probe_host_port(Ipv4 ip, uint16_t port, Protocol protocol) {
  MOCKER_TRY(bound_socket(ip, port, protocol));
  return sys::ok();
}

sys::Result<uint16_t> ephemeral_port(Ipv4 ip, Protocol protocol) {
  sys::Fd fd = MOCKER_TRY(bound_socket(ip, 0, protocol));
  sockaddr_in sa{};
  socklen_t len = sizeof sa;
  if (::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&sa), &len) != 0)
    return sys::Error::last("read bound port", ip.str());
  return ntohs(sa.sin_port);
}

}  // namespace mocker::engine::network
