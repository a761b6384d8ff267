#include <mocker/network/ports.hpp>

#include <charconv>
#include <optional>

namespace mocker::engine::network {

std::string protocol_name(Protocol p) { return p == Protocol::tcp ? "tcp" : "udp"; }

namespace {

struct PortRange {
  uint16_t first = 0, last = 0;
  size_t count() const { return size_t{last} - first + 1; }
};

sys::Result<uint16_t> parse_port(std::string_view s, std::string_view spec) {
  unsigned v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc{} || end != s.data() + s.size() || v == 0 || v > 65535)
    return sys::Error::invalid("parse port", std::string(spec), "\"" + std::string(s) + "\" is not a port number (1-65535)");
  return static_cast<uint16_t>(v);
}

sys::Result<PortRange> parse_range(std::string_view s, std::string_view spec) {
  auto dash = s.find('-');
  PortRange r;
  r.first = MOCKER_TRY(parse_port(s.substr(0, dash), spec));
  r.last = dash == std::string_view::npos ? r.first : MOCKER_TRY(parse_port(s.substr(dash + 1), spec));
  if (r.last < r.first)
    return sys::Error::invalid("parse port", std::string(spec), "range " + std::string(s) + " ends before it starts");
  return r;
}

}  // namespace

sys::Result<std::vector<PortMapping>> parse_port_spec(std::string_view spec) {
  std::string_view rest = spec;
  Protocol protocol = Protocol::tcp;
  if (auto slash = rest.rfind('/'); slash != std::string_view::npos) {
    auto proto = rest.substr(slash + 1);
    if (proto == "udp") protocol = Protocol::udp;
    else if (proto != "tcp")
      return sys::Error::invalid("parse port", std::string(spec), "protocol must be tcp or udp, got \"" + std::string(proto) + "\"");
    rest = rest.substr(0, slash);
  }
  // Split from the right: CONTAINER, then HOST, then IP (which has dots, not colons).
  auto last_colon = rest.rfind(':');
  std::string_view container_part = last_colon == std::string_view::npos ? rest : rest.substr(last_colon + 1);
  std::string_view host_part, ip_part;
  if (last_colon != std::string_view::npos) {
    std::string_view front = rest.substr(0, last_colon);
    auto colon = front.rfind(':');
    host_part = colon == std::string_view::npos ? front : front.substr(colon + 1);
    if (colon != std::string_view::npos) ip_part = front.substr(0, colon);
  }
  Ipv4 host_ip;
  if (!ip_part.empty()) {
    auto ip = Ipv4::parse(ip_part);
    if (!ip) return sys::Error::invalid("parse port", std::string(spec), ip.error().message);
    host_ip = *ip;
  }
  PortRange container = MOCKER_TRY(parse_range(container_part, spec));
  std::optional<PortRange> host;
  if (!host_part.empty()) host = MOCKER_TRY(parse_range(host_part, spec));

  std::vector<PortMapping> out;
  if (host && host->count() != container.count() && container.count() != 1)
    return sys::Error::invalid("parse port", std::string(spec), "host and container port ranges differ in length");
  for (size_t i = 0; i < container.count(); ++i) {
    PortMapping m;
    m.host_ip = host_ip;
    m.container_port = static_cast<uint16_t>(container.first + i);
    m.protocol = protocol;
    if (host && host->count() == container.count()) {
      m.host_port = static_cast<uint16_t>(host->first + i);
    } else if (host) {  // one container port, a host range to choose from
      m.host_port = host->first;
      m.host_port_last = host->last;
    }
    out.push_back(m);
  }
  return out;
}

std::string host_side(const PortMapping& m) {
  return m.host_ip.str() + ":" + std::to_string(m.host_port) + "/" + protocol_name(m.protocol);
}

bool same_host_port(const PortMapping& a, const PortMapping& b) {
  return a.protocol == b.protocol && a.host_port == b.host_port &&
         (a.host_ip == b.host_ip || a.host_ip.any() || b.host_ip.any());
}

}  // namespace mocker::engine::network
