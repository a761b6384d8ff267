#include <mocker/network/address.hpp>

#include <cctype>
#include <charconv>
#include <cstdio>

namespace mocker::engine::network {

namespace {

// A decimal number in [0, max] with no sign, no leading zeros (they would be
// octal to inet_aton) and nothing else.
bool parse_decimal(std::string_view s, uint32_t max, uint32_t& out) {
  if (s.empty() || s.size() > 10 || (s.size() > 1 && s[0] == '0')) return false;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && out <= max;
}

}  // namespace

sys::Result<Ipv4> Ipv4::parse(std::string_view text) {
  uint32_t value = 0;
  std::string_view rest = text;
  for (int i = 0; i < 4; ++i) {
    auto dot = rest.find('.');
    if ((i < 3) != (dot != std::string_view::npos))
      return sys::Error::invalid("parse address", std::string(text), "expected four dot-separated numbers");
    uint32_t part;
    if (!parse_decimal(rest.substr(0, dot), 255, part))
      return sys::Error::invalid("parse address", std::string(text), "each part must be a number from 0 to 255");
    value = (value << 8) | part;
    rest = dot == std::string_view::npos ? std::string_view{} : rest.substr(dot + 1);
  }
  return Ipv4{value};
}

std::string Ipv4::str() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", value >> 24, (value >> 16) & 0xff, (value >> 8) & 0xff,
                value & 0xff);
  return buf;
}

sys::Result<Cidr> Cidr::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos)
    return sys::Error::invalid("parse subnet", std::string(text), "expected ADDRESS/PREFIX, e.g. 172.18.0.0/16");
  auto ip = Ipv4::parse(text.substr(0, slash));
  if (!ip) return sys::Error::invalid("parse subnet", std::string(text), ip.error().message);
  uint32_t prefix;
  if (!parse_decimal(text.substr(slash + 1), 32, prefix))
    return sys::Error::invalid("parse subnet", std::string(text), "the prefix length must be a number from 0 to 32");
  Cidr c{*ip, static_cast<int>(prefix)};
  if ((ip->value & c.mask()) != ip->value) {
    Cidr meant{Ipv4{ip->value & c.mask()}, c.prefix};
    return sys::Error::invalid("parse subnet", std::string(text), "host bits are set; did you mean " + meant.str() + "?");
  }
  return c;
}

std::string Cidr::str() const { return address.str() + "/" + std::to_string(prefix); }

uint32_t Cidr::mask() const { return prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix); }

Ipv4 Cidr::broadcast() const { return Ipv4{address.value | ~mask()}; }

bool Cidr::overlaps(const Cidr& other) const {
  // Two aligned blocks overlap exactly when the larger one contains the other's start.
  return prefix <= other.prefix ? contains(other.address) : other.contains(address);
}

std::string mac_for(Ipv4 ip) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "02:42:%02x:%02x:%02x:%02x", ip.value >> 24, (ip.value >> 16) & 0xff,
                (ip.value >> 8) & 0xff, ip.value & 0xff);
  return buf;
}

sys::Status check_mac(std::string_view mac) {
  auto bad = [&](const char* why) { return sys::Error::invalid("parse MAC address", std::string(mac), why); };
  if (mac.size() != 17) return bad("expected six hex pairs separated by colons, e.g. 02:42:ac:11:00:02");
  for (size_t i = 0; i < mac.size(); ++i) {
    bool colon = i % 3 == 2;
    if (colon ? mac[i] != ':' : !std::isxdigit(static_cast<unsigned char>(mac[i])))
      return bad("expected six hex pairs separated by colons, e.g. 02:42:ac:11:00:02");
  }
  unsigned first = std::stoul(std::string(mac.substr(0, 2)), nullptr, 16);
  if (first & 1) return bad("a multicast address cannot be a container's address");
  return sys::ok();
}

}  // namespace mocker::engine::network
