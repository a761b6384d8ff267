#include "reader.hpp"

#include <mocker/spec/units.hpp>

#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace mocker::orchestrator::spec::detail {

namespace {

std::string in_quotes(const std::string& s) { return "\"" + s + "\""; }

bool parse_int(const std::string& s, int base, int64_t& out) {
  if (s.empty()) return false;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, base);
  if (errno != 0 || end != s.c_str() + s.size()) return false;
  out = v;
  return true;
}

}  // namespace

bool Reader::map(const Node& n, const std::string& path) {
  if (n.poisoned) return false;
  if (n.is_map() || n.is_null()) return true;
  error(n, path, "expected a mapping, got " + kind_name(n));
  return false;
}

std::optional<std::string> Reader::string(const Node& n, const std::string& path) {
  if (n.is_null() || n.poisoned) return std::nullopt;
  if (!n.is_scalar()) {
    error(n, path, "expected a string, got " + kind_name(n));
    return std::nullopt;
  }
  return n.text;
}

std::optional<std::string> Reader::one_of(const Node& n, const std::string& path,
                                          std::initializer_list<std::string_view> allowed) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  for (auto a : allowed)
    if (*s == a) return s;
  std::string list;
  size_t i = 0;
  for (auto a : allowed) {
    if (i > 0) list += (i + 1 == allowed.size()) ? " or " : ", ";
    list += a;
    ++i;
  }
  error(n, path, "expected " + list + ", got " + in_quotes(*s));
  return std::nullopt;
}

std::optional<bool> Reader::boolean(const Node& n, const std::string& path) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  std::string v;
  for (char c : *s) v += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  if (v == "true" || v == "yes" || v == "y" || v == "on") return true;
  if (v == "false" || v == "no" || v == "n" || v == "off") return false;
  error(n, path, "expected a boolean, got " + in_quotes(*s));
  return std::nullopt;
}

std::optional<int64_t> Reader::integer(const Node& n, const std::string& path, int64_t min, int64_t max) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  int64_t v = 0;
  if (!parse_int(*s, 10, v)) {
    error(n, path, "expected an integer, got " + in_quotes(*s));
    return std::nullopt;
  }
  if (v < min || v > max) {
    std::string range = max == std::numeric_limits<int64_t>::max()
                            ? "at least " + std::to_string(min)
                            : "between " + std::to_string(min) + " and " + std::to_string(max);
    error(n, path, "expected an integer " + range + ", got " + *s);
    return std::nullopt;
  }
  return v;
}

std::optional<double> Reader::number(const Node& n, const std::string& path, double min) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(s->c_str(), &end);
  if (s->empty() || errno != 0 || end != s->c_str() + s->size() || !std::isfinite(v)) {
    error(n, path, "expected a number, got " + in_quotes(*s));
    return std::nullopt;
  }
  if (v < min) {
    error(n, path, "expected a number of at least " + std::to_string(static_cast<int64_t>(min)) + ", got " + *s);
    return std::nullopt;
  }
  return v;
}

std::optional<Duration> Reader::duration(const Node& n, const std::string& path) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  auto d = parse_duration(*s);
  if (!d) error(n, path, "expected a duration like 30s, 1m30s or 500ms, got " + in_quotes(*s));
  return d;
}

std::optional<int64_t> Reader::bytes(const Node& n, const std::string& path, bool allow_unlimited) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  if (allow_unlimited && *s == "-1") return -1;
  auto b = parse_bytes(*s);
  if (!b) error(n, path, "expected a byte size like 512m or 2g, got " + in_quotes(*s));
  return b;
}

std::optional<uint32_t> Reader::file_mode(const Node& n, const std::string& path) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  int64_t v = 0;
  bool ok = false;
  if (s->rfind("0o", 0) == 0 || s->rfind("0O", 0) == 0) {
    ok = parse_int(s->substr(2), 8, v);
  } else if (s->size() > 1 && (*s)[0] == '0') {
    ok = parse_int(*s, 8, v);
  } else {
    ok = parse_int(*s, 10, v);
  }
  if (!ok || v < 0 || v > 07777) {
    error(n, path, "expected a file mode like 0440, got " + in_quotes(*s));
    return std::nullopt;
  }
  return static_cast<uint32_t>(v);
}

std::optional<std::string> Reader::absolute_path(const Node& n, const std::string& path) {
  auto s = string(n, path);
  if (!s) return std::nullopt;
  if (s->empty() || (*s)[0] != '/') {
    error(n, path, "expected an absolute path, got " + in_quotes(*s));
    return std::nullopt;
  }
  return s;
}

std::vector<std::string> Reader::strings(const Node& n, const std::string& path, bool allow_scalar) {
  std::vector<std::string> out;
  if (n.is_null() || n.poisoned) return out;
  if (n.is_scalar() && allow_scalar) {
    out.push_back(n.text);
    return out;
  }
  if (!n.is_seq()) {
    error(n, path, "expected a list of strings, got " + kind_name(n));
    return out;
  }
  for (size_t i = 0; i < n.items.size(); ++i) {
    if (auto s = string(n.items[i], index(path, i))) out.push_back(std::move(*s));
  }
  return out;
}

std::map<std::string, std::string> Reader::string_map(const Node& n, const std::string& path) {
  std::map<std::string, std::string> out;
  if (!map(n, path)) return out;
  for (const auto& e : n.entries) {
    if (e.value.is_null()) {
      out[e.key] = "";
    } else if (auto s = string(e.value, join(path, e.key))) {
      out[e.key] = std::move(*s);
    }
  }
  return out;
}

}  // namespace mocker::orchestrator::spec::detail
