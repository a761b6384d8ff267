#pragma once
// The embedded DNS server's pure parts: reading a query, writing an answer,
// and deciding which addresses a name has for the container that asks.
#include <mocker/network/endpoint.hpp>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace mocker::engine::network {

inline constexpr uint16_t kDnsTypeA = 1;
inline constexpr uint16_t kDnsClassIn = 1;

enum class DnsRcode : uint8_t { no_error = 0, format_error = 1, server_failure = 2, name_error = 3, refused = 5 };

struct DnsQuestion {
  uint16_t id = 0;
  bool recursion_desired = false;
  std::string name;  // lower case, no trailing dot
  uint16_t type = 0;
  uint16_t klass = 0;
  size_t end = 0;    // offset just past the question in the message
};

// A standard query with exactly one question; anything else is an error.
sys::Result<DnsQuestion> parse_dns_query(std::span<const uint8_t> message);

// The answer to `query`: its question, then one A record per address (as many
// as fit in 512 bytes, then the TC bit).
std::vector<uint8_t> build_dns_answer(std::span<const uint8_t> query, const DnsQuestion& question,
                                      DnsRcode rcode, const std::vector<Ipv4>& addresses,
                                      uint32_t ttl = 600);
// A bare error reply for a message that could not be parsed: its id, no question.
std::vector<uint8_t> build_dns_error(std::span<const uint8_t> message, DnsRcode rcode);

// A query for `name` (tests and the forwarder's probes use it).
std::vector<uint8_t> build_dns_query(uint16_t id, const std::string& name, uint16_t type = kDnsTypeA);
struct DnsReply {
  uint16_t id = 0;
  DnsRcode rcode = DnsRcode::no_error;
  std::vector<Ipv4> addresses;  // the A records of the answer section
};
sys::Result<DnsReply> parse_dns_reply(std::span<const uint8_t> message);

// What the server on network `network_id` knows about `name` for the container
// at `source` on that network. It looks on that network first, then on the
// other networks the asking container is attached to. A name matches a
// container's name, one of its aliases, its full id or its 12-digit short id.
// known is false when no endpoint has the name (the server then forwards).
struct Resolution {
  bool known = false;
  std::vector<Ipv4> addresses;  // every match on the first network with one
};
Resolution resolve_name(const std::string& name, const std::string& network_id, Ipv4 source,
                        const std::vector<NetworkEndpoints>& networks);

}  // namespace mocker::engine::network
