// Docker's -p syntax and host port conflicts.
#include <mocker/network/ports.hpp>

#include <gtest/gtest.h>

namespace net = mocker::engine::network;

namespace {

// "host_ip:host_port[-last]->container_port/proto" per mapping, or the error.
std::string parsed(const char* spec) {
  auto r = net::parse_port_spec(spec);
  if (!r) return "error: " + r.error().render();
  std::string out;
  for (const auto& m : *r) {
    if (!out.empty()) out += " ";
    out += m.host_ip.str() + ":" + std::to_string(m.host_port);
    if (m.host_port_last) out += "-" + std::to_string(m.host_port_last);
    out += "->" + std::to_string(m.container_port) + "/" + net::protocol_name(m.protocol);
  }
  return out;
}

struct SpecCase {
  const char* spec;
  const char* result;
};

class PortSpec : public ::testing::TestWithParam<SpecCase> {};

TEST_P(PortSpec, Parses) { EXPECT_EQ(parsed(GetParam().spec), GetParam().result); }

INSTANTIATE_TEST_SUITE_P(
    Specs, PortSpec,
    ::testing::Values(
        SpecCase{"80", "0.0.0.0:0->80/tcp"},
        SpecCase{"8080:80", "0.0.0.0:8080->80/tcp"},
        SpecCase{"127.0.0.1:18080:80", "127.0.0.1:18080->80/tcp"},
        SpecCase{"127.0.0.1::80", "127.0.0.1:0->80/tcp"},
        SpecCase{"5353:53/udp", "0.0.0.0:5353->53/udp"},
        SpecCase{"53/udp", "0.0.0.0:0->53/udp"},
        SpecCase{"8000-8002:80-82", "0.0.0.0:8000->80/tcp 0.0.0.0:8001->81/tcp 0.0.0.0:8002->82/tcp"},
        SpecCase{"9000-9002/udp", "0.0.0.0:0->9000/udp 0.0.0.0:0->9001/udp 0.0.0.0:0->9002/udp"},
        SpecCase{"8000-8010:80", "0.0.0.0:8000-8010->80/tcp"},
        SpecCase{"8000-8001:80-82", "error: parse port 8000-8001:80-82: host and container port ranges differ in length"},
        SpecCase{"80-79", "error: parse port 80-79: range 80-79 ends before it starts"},
        SpecCase{"0", "error: parse port 0: \"0\" is not a port number (1-65535)"},
        SpecCase{"65536", "error: parse port 65536: \"65536\" is not a port number (1-65535)"},
        SpecCase{"http", "error: parse port http: \"http\" is not a port number (1-65535)"},
        SpecCase{"80/sctp", "error: parse port 80/sctp: protocol must be tcp or udp, got \"sctp\""},
        SpecCase{"300.0.0.1:80:80", "error: parse port 300.0.0.1:80:80: each part must be a number from 0 to 255"}));

net::PortMapping mapping(const char* host_ip, uint16_t port, net::Protocol p = net::Protocol::tcp) {
  net::PortMapping m;
  m.host_ip = *net::Ipv4::parse(host_ip);
  m.host_port = port;
  m.protocol = p;
  return m;
}

TEST(HostPort, ConflictsOnSamePortProtocolAndOverlappingAddress) {
  using net::Protocol;
  EXPECT_TRUE(net::same_host_port(mapping("127.0.0.1", 80), mapping("127.0.0.1", 80)));
  EXPECT_TRUE(net::same_host_port(mapping("0.0.0.0", 80), mapping("127.0.0.1", 80)));
  EXPECT_TRUE(net::same_host_port(mapping("127.0.0.1", 80), mapping("0.0.0.0", 80)));
  EXPECT_FALSE(net::same_host_port(mapping("127.0.0.1", 80), mapping("127.0.0.2", 80)));
  EXPECT_FALSE(net::same_host_port(mapping("0.0.0.0", 80), mapping("0.0.0.0", 81)));
  EXPECT_FALSE(net::same_host_port(mapping("0.0.0.0", 80), mapping("0.0.0.0", 80, Protocol::udp)));
}

TEST(HostPort, NamesTheHostSide) {
  EXPECT_EQ(net::host_side(mapping("127.0.0.1", 18080)), "127.0.0.1:18080/tcp");
  EXPECT_EQ(net::host_side(mapping("0.0.0.0", 53, net::Protocol::udp)), "0.0.0.0:53/udp");
}

}  // namespace
