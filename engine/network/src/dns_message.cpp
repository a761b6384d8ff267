// DNS wire format (RFC 1035), only as much as an A-record server needs.
#include <mocker/network/dns.hpp>

#include <cctype>

namespace mocker::engine::network {

namespace {

constexpr size_t kHeaderSize = 12;
constexpr size_t kUdpLimit = 512;
constexpr uint16_t kFlagResponse = 0x8000;
constexpr uint16_t kFlagAuthoritative = 0x0400;
constexpr uint16_t kFlagTruncated = 0x0200;
constexpr uint16_t kFlagRecursionDesired = 0x0100;
constexpr uint16_t kFlagRecursionAvailable = 0x0080;

uint16_t get16(std::span<const uint8_t> m, size_t at) { return static_cast<uint16_t>(m[at] << 8 | m[at + 1]); }

void put16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

void put32(std::vector<uint8_t>& out, uint32_t v) {
  put16(out, static_cast<uint16_t>(v >> 16));
  put16(out, static_cast<uint16_t>(v));
}

sys::Error malformed(const char* why) { return sys::Error::invalid("parse DNS message", "", why); }

// Steps over a (possibly compressed) name; returns the offset after it.
sys::Result<size_t> skip_name(std::span<const uint8_t> m, size_t at) {
  while (true) {
    if (at >= m.size()) return malformed("name runs past the end");
    uint8_t len = m[at];
    if ((len & 0xc0) == 0xc0) return at + 2 <= m.size() ? sys::Result<size_t>(at + 2) : malformed("truncated pointer");
    if (len & 0xc0) return malformed("unknown label type");
    at += 1 + len;
    if (len == 0) return at;
  }
}

void put_header(std::vector<uint8_t>& out, uint16_t id, uint16_t flags, uint16_t qd, uint16_t an) {
  put16(out, id);
  put16(out, flags);
  put16(out, qd);
  put16(out, an);
  put16(out, 0);
  put16(out, 0);
}

}  // namespace

sys::Result<DnsQuestion> parse_dns_query(std::span<const uint8_t> m) {
  if (m.size() < kHeaderSize) return malformed("shorter than a header");
  uint16_t flags = get16(m, 2);
  if (flags & kFlagResponse) return malformed("not a query");
  if ((flags >> 11) & 0xf) return malformed("not a standard query");
  if (get16(m, 4) != 1) return malformed("not exactly one question");
  DnsQuestion q;
  q.id = get16(m, 0);
  q.recursion_desired = flags & kFlagRecursionDesired;
  size_t at = kHeaderSize;
  while (true) {
    if (at >= m.size()) return malformed("name runs past the end");
    uint8_t len = m[at++];
    if (len == 0) break;
    if (len > 63) return malformed("label too long or compressed");
    if (at + len > m.size()) return malformed("label runs past the end");
    if (!q.name.empty()) q.name += '.';
    for (size_t i = 0; i < len; ++i) q.name += static_cast<char>(std::tolower(m[at + i]));
    if (q.name.size() > 253) return malformed("name too long");
    at += len;
  }
  if (at + 4 > m.size()) return malformed("question runs past the end");
  q.type = get16(m, at);
  q.klass = get16(m, at + 2);
  q.end = at + 4;
  return q;
}

std::vector<uint8_t> build_dns_answer(std::span<const uint8_t> query, const DnsQuestion& q, DnsRcode rcode,
                                      const std::vector<Ipv4>& addresses, uint32_t ttl) {
  constexpr size_t kRecordSize = 16;  // pointer to the question's name, type, class, ttl, length, address
  size_t room = (kUdpLimit - std::min(kUdpLimit, q.end)) / kRecordSize;
  size_t count = std::min(room, addresses.size());
  uint16_t flags = kFlagResponse | kFlagAuthoritative | kFlagRecursionAvailable |
                   (q.recursion_desired ? kFlagRecursionDesired : 0) | static_cast<uint16_t>(rcode);
  if (count < addresses.size()) flags |= kFlagTruncated;
  std::vector<uint8_t> out;
  put_header(out, q.id, flags, 1, static_cast<uint16_t>(count));
  out.insert(out.end(), query.begin() + kHeaderSize, query.begin() + q.end);
  for (size_t i = 0; i < count; ++i) {
    put16(out, 0xc000 | kHeaderSize);
    put16(out, kDnsTypeA);
    put16(out, kDnsClassIn);
    put32(out, ttl);
    put16(out, 4);
    put32(out, addresses[i].value);
  }
  return out;
}

std::vector<uint8_t> build_dns_error(std::span<const uint8_t> message, DnsRcode rcode) {
  std::vector<uint8_t> out;
  uint16_t id = message.size() >= 2 ? get16(message, 0) : 0;
  put_header(out, id, kFlagResponse | static_cast<uint16_t>(rcode), 0, 0);
  return out;
}

std::vector<uint8_t> build_dns_query(uint16_t id, const std::string& name, uint16_t type) {
  std::vector<uint8_t> out;
  put_header(out, id, kFlagRecursionDesired, 1, 0);
  size_t start = 0;
  while (start < name.size()) {
    size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out.push_back(static_cast<uint8_t>(dot - start));
    out.insert(out.end(), name.begin() + static_cast<long>(start), name.begin() + static_cast<long>(dot));
    start = dot + 1;
  }
  out.push_back(0);
  put16(out, type);
  put16(out, kDnsClassIn);
  return out;
}

sys::Result<DnsReply> parse_dns_reply(std::span<const uint8_t> m) {
  if (m.size() < kHeaderSize) return malformed("shorter than a header");
  DnsReply r;
  r.id = get16(m, 0);
  uint16_t flags = get16(m, 2);
  if (!(flags & kFlagResponse)) return malformed("not a response");
  r.rcode = static_cast<DnsRcode>(flags & 0xf);
  size_t at = kHeaderSize;
  for (uint16_t i = 0, qd = get16(m, 4); i < qd; ++i) {
    at = MOCKER_TRY(skip_name(m, at)) + 4;
    if (at > m.size()) return malformed("question runs past the end");
  }
  for (uint16_t i = 0, an = get16(m, 6); i < an; ++i) {
    at = MOCKER_TRY(skip_name(m, at));
    if (at + 10 > m.size()) return malformed("record runs past the end");
    uint16_t type = get16(m, at), klass = get16(m, at + 2), len = get16(m, at + 8);
    at += 10;
    if (at + len > m.size()) return malformed("record data runs past the end");
    if (type == kDnsTypeA && klass == kDnsClassIn && len == 4)
      r.addresses.push_back(Ipv4{static_cast<uint32_t>(get16(m, at)) << 16 | get16(m, at + 2)});
    at += len;
  }
  return r;
}

}  // namespace mocker::engine::network
