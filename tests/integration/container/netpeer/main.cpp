// What busybox cannot do inside a test container: a UDP server.
//   mocker-netpeer udp-echo PORT   answers every datagram with "echo:" + its payload
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

int udp_echo(int port) {
  int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<uint16_t>(port));
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    std::perror("mocker-netpeer: bind");
    return 1;
  }
  std::printf("listening\n");
  std::fflush(stdout);
  for (;;) {
    char buf[2048];
    sockaddr_in from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n < 0) continue;
    std::string reply = "echo:" + std::string(buf, static_cast<size_t>(n));
    ::sendto(fd, reply.data(), reply.size(), 0, reinterpret_cast<sockaddr*>(&from), len);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "udp-echo") == 0) return udp_echo(std::atoi(argv[2]));
  std::fprintf(stderr, "usage: mocker-netpeer udp-echo PORT\n");
  return 2;
}
