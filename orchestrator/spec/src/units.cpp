#include <mocker/spec/units.hpp>

#include <cmath>
#include <limits>

namespace mocker::orchestrator::spec {

namespace {

bool digit(char c) { return c >= '0' && c <= '9'; }

// Reads "12" or "1.5" at text[i]; nullopt when there is no digit.
std::optional<long double> read_decimal(std::string_view text, size_t& i) {
  size_t begin = i;
  long double value = 0;
  bool any = false;
  while (i < text.size() && digit(text[i])) {
    value = value * 10 + (text[i] - '0');
    ++i;
    any = true;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    long double scale = 0.1L;
    while (i < text.size() && digit(text[i])) {
      value += (text[i] - '0') * scale;
      scale /= 10;
      ++i;
      any = true;
    }
  }
  if (!any) {
    i = begin;
    return std::nullopt;
  }
  return value;
}

struct Unit {
  std::string_view suffix;
  int64_t nanos;
};

// Longest suffixes first so "ms" wins over "m".
constexpr Unit kDurationUnits[] = {
    {"ns", 1},
    {"us", 1000},
    {"\xc2\xb5s", 1000},  // micro sign
    {"\xce\xbcs", 1000},  // Greek mu
    {"ms", 1000000},
    {"s", 1000000000LL},
    {"m", 60LL * 1000000000LL},
    {"h", 3600LL * 1000000000LL},
};

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  if (text == "0") return Duration(0);
  size_t i = 0;
  if (!text.empty() && text[0] == '+') ++i;
  if (i >= text.size()) return std::nullopt;
  long double total = 0;
  while (i < text.size()) {
    auto number = read_decimal(text, i);
    if (!number) return std::nullopt;
    const Unit* unit = nullptr;
    for (const auto& u : kDurationUnits) {
      if (text.substr(i, u.suffix.size()) == u.suffix &&
          (!unit || u.suffix.size() > unit->suffix.size()))
        unit = &u;
    }
    if (!unit) return std::nullopt;
    i += unit->suffix.size();
    total += *number * unit->nanos;
    if (total > static_cast<long double>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  }
  return Duration(static_cast<int64_t>(std::llround(total)));
}

std::string format_duration(Duration d) {
  int64_t n = d.count();
  if (n == 0) return "0s";
  std::string out;
  if (n < 0) {
    out += '-';
    n = -n;
  }
  static constexpr std::pair<int64_t, const char*> parts[] = {
      {3600LL * 1000000000LL, "h"}, {60LL * 1000000000LL, "m"}, {1000000000LL, "s"},
      {1000000LL, "ms"},           {1000LL, "us"},             {1LL, "ns"}};
  for (const auto& [size, name] : parts) {
    if (n >= size) {
      out += std::to_string(n / size) + name;
      n %= size;
    }
  }
  return out;
}

std::optional<int64_t> parse_bytes(std::string_view text) {
  size_t i = 0;
  auto number = read_decimal(text, i);
  if (!number) return std::nullopt;
  if (i < text.size() && text[i] == ' ') ++i;
  int shift = 0;
  if (i < text.size()) {
    switch (text[i] | 0x20) {
      case 'k': shift = 10; break;
      case 'm': shift = 20; break;
      case 'g': shift = 30; break;
      case 't': shift = 40; break;
      case 'p': shift = 50; break;
      default: break;
    }
    if (shift) ++i;
  }
  if (shift && i < text.size() && (text[i] | 0x20) == 'i') ++i;
  if (i < text.size() && (text[i] | 0x20) == 'b') ++i;
  if (i != text.size()) return std::nullopt;
  long double bytes = *number * std::pow(2.0L, shift);
  if (bytes >= static_cast<long double>(std::numeric_limits<int64_t>::max())) return std::nullopt;
  return static_cast<int64_t>(bytes);
}

std::optional<PortRange> parse_port_range(std::string_view text, bool allow_zero) {
  auto port = [&](std::string_view s) -> std::optional<uint16_t> {
    if (s.empty() || s.size() > 5) return std::nullopt;
    uint32_t v = 0;
    for (char c : s) {
      if (!digit(c)) return std::nullopt;
      v = v * 10 + uint32_t(c - '0');
    }
    if (v > 65535 || (v == 0 && !allow_zero)) return std::nullopt;
    return static_cast<uint16_t>(v);
  };
  size_t dash = text.find('-');
  auto start = port(text.substr(0, dash));
  if (!start) return std::nullopt;
  if (dash == std::string_view::npos) return PortRange{*start, *start};
  auto end = port(text.substr(dash + 1));
  if (!end || *end < *start) return std::nullopt;
  return PortRange{*start, *end};
}

std::string format_port_range(uint16_t start, uint16_t end) {
  if (start == end) return std::to_string(start);
  return std::to_string(start) + "-" + std::to_string(end);
}

std::optional<Protocol> parse_protocol(std::string_view text) {
  if (text == "tcp") return Protocol::tcp;
  if (text == "udp") return Protocol::udp;
  if (text == "sctp") return Protocol::sctp;
  return std::nullopt;
}

const char* to_string(Protocol p) {
  switch (p) {
    case Protocol::tcp: return "tcp";
    case Protocol::udp: return "udp";
    case Protocol::sctp: return "sctp";
  }
  return "tcp";
}

const char* to_string(MountType t) {
  switch (t) {
    case MountType::bind: return "bind";
    case MountType::volume: return "volume";
    case MountType::tmpfs: return "tmpfs";
    case MountType::image: return "image";
    case MountType::npipe: return "npipe";
    case MountType::cluster: return "cluster";
  }
  return "volume";
}

const char* to_string(DependencyCondition c) {
  switch (c) {
    case DependencyCondition::service_started: return "service_started";
    case DependencyCondition::service_healthy: return "service_healthy";
    case DependencyCondition::service_completed_successfully: return "service_completed_successfully";
  }
  return "service_started";
}

}  // namespace mocker::orchestrator::spec
