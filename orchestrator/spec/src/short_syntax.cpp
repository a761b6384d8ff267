#include "short_syntax.hpp"

#include <mocker/spec/units.hpp>

#include <filesystem>

namespace mocker::orchestrator::spec::detail {

namespace {

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (;;) {
    size_t pos = text.find(sep, start);
    out.push_back(text.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

Node port_node(uint16_t target, const std::string& published, const std::string& host_ip,
               const std::string& protocol, Mark mark) {
  Node n = Node::map(mark);
  n.set("target", Node::scalar(std::to_string(target), mark));
  if (!published.empty()) n.set("published", Node::scalar(published, mark));
  if (!host_ip.empty()) n.set("host_ip", Node::scalar(host_ip, mark));
  n.set("protocol", Node::scalar(protocol, mark));
  return n;
}

bool is_mount_mode(std::string_view opt) {
  static constexpr std::string_view modes[] = {"ro",     "rw",     "z",       "Z",      "nocopy",
                                               "shared", "slave",  "private", "rshared", "rslave",
                                               "rprivate", "consistent", "cached", "delegated"};
  for (auto m : modes)
    if (opt == m) return true;
  return false;
}

bool is_path_source(std::string_view s) {
  return !s.empty() && (s[0] == '/' || s[0] == '.' || s[0] == '~');
}

}  // namespace

std::optional<std::vector<Node>> parse_port_short(std::string_view text, Mark mark, std::string& error) {
  std::string protocol = "tcp";
  std::string_view spec = text;
  if (size_t slash = spec.rfind('/'); slash != std::string_view::npos) {
    std::string_view proto = spec.substr(slash + 1);
    if (!parse_protocol(proto)) {
      error = "invalid protocol \"" + std::string(proto) + "\": expected tcp, udp or sctp";
      return std::nullopt;
    }
    protocol = std::string(proto);
    spec = spec.substr(0, slash);
  }
  std::string host_ip;
  if (!spec.empty() && spec[0] == '[') {  // [IPv6]:host:container
    size_t close = spec.find(']');
    if (close == std::string_view::npos || close + 1 >= spec.size() || spec[close + 1] != ':') {
      error = "invalid port \"" + std::string(text) + "\": unterminated IPv6 address";
      return std::nullopt;
    }
    host_ip = std::string(spec.substr(1, close - 1));
    spec = spec.substr(close + 2);
  }
  auto parts = split(spec, ':');
  std::string_view container, published;
  if (parts.size() == 1) {
    container = parts[0];
  } else if (parts.size() == 2) {
    published = parts[0];
    container = parts[1];
  } else if (parts.size() == 3 && host_ip.empty()) {
    host_ip = std::string(parts[0]);
    published = parts[1];
    container = parts[2];
  } else {
    error = "invalid port \"" + std::string(text) +
            "\": expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL] (put IPv6 addresses in [])";
    return std::nullopt;
  }
  auto targets = parse_port_range(container);
  if (!targets) {
    error = "invalid container port \"" + std::string(container) + "\" in \"" + std::string(text) + "\"";
    return std::nullopt;
  }
  std::optional<PortRange> hosts;
  if (!published.empty()) {
    hosts = parse_port_range(published, /*allow_zero=*/true);
    if (!hosts) {
      error = "invalid host port \"" + std::string(published) + "\" in \"" + std::string(text) + "\"";
      return std::nullopt;
    }
  }
  std::vector<Node> out;
  if (!hosts) {
    for (uint32_t p = targets->start; p <= targets->end; ++p)
      out.push_back(port_node(uint16_t(p), "", host_ip, protocol, mark));
  } else if (hosts->size() == targets->size()) {
    for (uint32_t i = 0; i < targets->size(); ++i) {
      uint16_t host = hosts->start == 0 ? 0 : uint16_t(hosts->start + i);
      out.push_back(port_node(uint16_t(targets->start + i), host ? std::to_string(host) : "", host_ip,
                              protocol, mark));
    }
  } else if (targets->size() == 1) {
    out.push_back(port_node(targets->start, format_port_range(hosts->start, hosts->end), host_ip, protocol, mark));
  } else {
    error = "invalid port \"" + std::string(text) + "\": host and container port ranges differ in size";
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<std::string>> parse_expose(std::string_view text, std::string& error) {
  std::string suffix;
  std::string_view spec = text;
  if (size_t slash = spec.rfind('/'); slash != std::string_view::npos) {
    std::string_view proto = spec.substr(slash + 1);
    if (!parse_protocol(proto)) {
      error = "invalid protocol \"" + std::string(proto) + "\": expected tcp, udp or sctp";
      return std::nullopt;
    }
    if (proto != "tcp") suffix = "/" + std::string(proto);
    spec = spec.substr(0, slash);
  }
  auto range = parse_port_range(spec);
  if (!range) {
    error = "invalid port \"" + std::string(text) + "\": expected PORT[-PORT][/PROTOCOL]";
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (uint32_t p = range->start; p <= range->end; ++p) out.push_back(std::to_string(p) + suffix);
  return out;
}

std::optional<Node> parse_volume_short(std::string_view text, Mark mark, const std::string& base_dir,
                                       const std::string& home, std::string& error) {
  auto parts = split(text, ':');
  std::string_view source, target, mode;
  if (parts.size() == 1) {
    target = parts[0];
  } else if (parts.size() == 2) {
    // "/data:ro" is an anonymous volume with a mode, not a source.
    bool all_modes = true;
    for (auto opt : split(parts[1], ','))
      if (!is_mount_mode(opt)) all_modes = false;
    if (all_modes && !parts[0].empty() && parts[0][0] == '/') {
      target = parts[0];
      mode = parts[1];
    } else {
      source = parts[0];
      target = parts[1];
    }
  } else if (parts.size() == 3) {
    source = parts[0];
    target = parts[1];
    mode = parts[2];
  } else {
    error = "invalid volume \"" + std::string(text) + "\": expected [SOURCE:]TARGET[:MODE]";
    return std::nullopt;
  }
  if (target.empty()) {
    error = "invalid volume \"" + std::string(text) + "\": empty target";
    return std::nullopt;
  }
  if (parts.size() > 1 && source.empty() && mode.empty()) {
    error = "invalid volume \"" + std::string(text) + "\": empty source";
    return std::nullopt;
  }
  bool bind = is_path_source(source);
  Node n = Node::map(mark);
  n.set("type", Node::scalar(bind ? "bind" : "volume", mark));
  if (!source.empty())
    n.set("source", Node::scalar(bind ? resolve_path(source, base_dir, home) : std::string(source), mark));
  n.set("target", Node::scalar(std::string(target), mark));
  Node bind_opts = Node::map(mark);
  Node volume_opts = Node::map(mark);
  if (bind) bind_opts.set("create_host_path", Node::scalar("true", mark));
  if (!mode.empty()) {
    for (auto opt : split(mode, ',')) {
      if (opt == "ro") {
        n.set("read_only", Node::scalar("true", mark));
      } else if (opt == "rw") {
        // the default
      } else if (opt == "z" || opt == "Z") {
        bind_opts.set("selinux", Node::scalar(std::string(opt), mark));
      } else if (opt == "nocopy") {
        volume_opts.set("nocopy", Node::scalar("true", mark));
      } else if (opt == "consistent" || opt == "cached" || opt == "delegated") {
        n.set("consistency", Node::scalar(std::string(opt), mark));
      } else if (is_mount_mode(opt)) {
        bind_opts.set("propagation", Node::scalar(std::string(opt), mark));
      } else {
        error = "invalid volume \"" + std::string(text) + "\": unknown mode \"" + std::string(opt) + "\"";
        return std::nullopt;
      }
    }
  }
  if (!bind && !bind_opts.entries.empty()) {
    error = "invalid volume \"" + std::string(text) + "\": selinux and propagation modes need a host path";
    return std::nullopt;
  }
  if (bind && !volume_opts.entries.empty()) {
    error = "invalid volume \"" + std::string(text) + "\": nocopy applies to named volumes only";
    return std::nullopt;
  }
  if (!bind_opts.entries.empty()) n.set("bind", std::move(bind_opts));
  if (!volume_opts.entries.empty()) n.set("volume", std::move(volume_opts));
  return n;
}

std::optional<std::pair<std::string, std::string>> parse_extra_host(std::string_view text) {
  size_t sep = text.find('=');
  if (sep == std::string_view::npos) sep = text.find(':');
  if (sep == std::string_view::npos || sep == 0 || sep + 1 >= text.size()) return std::nullopt;
  std::string ip(text.substr(sep + 1));
  if (ip.size() > 2 && ip.front() == '[' && ip.back() == ']') ip = ip.substr(1, ip.size() - 2);
  return std::make_pair(std::string(text.substr(0, sep)), ip);
}

std::optional<std::vector<std::string>> split_command(std::string_view text, std::string& error) {
  std::vector<std::string> out;
  std::string word;
  bool in_word = false;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word) out.push_back(std::move(word));
      word.clear();
      in_word = false;
      ++i;
    } else if (c == '\\') {
      if (i + 1 < text.size()) word += text[i + 1];
      in_word = true;
      i += 2;
    } else if (c == '\'') {
      size_t close = text.find('\'', i + 1);
      if (close == std::string_view::npos) {
        error = "unterminated single quote in \"" + std::string(text) + "\"";
        return std::nullopt;
      }
      word += text.substr(i + 1, close - i - 1);
      in_word = true;
      i = close + 1;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < text.size() && text[j] != '"'; ++j) {
        if (text[j] == '\\' && j + 1 < text.size() &&
            (text[j + 1] == '"' || text[j + 1] == '\\' || text[j + 1] == '$' || text[j + 1] == '`')) {
          ++j;
        }
        word += text[j];
      }
      if (j >= text.size()) {
        error = "unterminated double quote in \"" + std::string(text) + "\"";
        return std::nullopt;
      }
      in_word = true;
      i = j + 1;
    } else {
      word += c;
      in_word = true;
      ++i;
    }
  }
  if (in_word) out.push_back(std::move(word));
  return out;
}

std::string resolve_path(std::string_view path, const std::string& base_dir, const std::string& home) {
  namespace fs = std::filesystem;
  fs::path p;
  if (!path.empty() && path[0] == '~' && (path.size() == 1 || path[1] == '/')) {
    p = fs::path(home.empty() ? "/" : home) / std::string(path.substr(path.size() > 1 ? 2 : 1));
  } else {
    p = fs::path(std::string(path));
  }
  if (p.is_relative()) p = fs::path(base_dir) / p;
  std::string out = p.lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

}  // namespace mocker::orchestrator::spec::detail
