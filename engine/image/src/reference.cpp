#include <mocker/image/reference.hpp>

#include <regex>

namespace mocker::engine::image {

namespace {
// Docker's grammar: path components of lowercase alphanumerics joined by
// '.', '_', '__' or runs of '-'; an optional registry host[:port] first.
const std::regex& component_re() {
  static const std::regex re("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  return re;
}
const std::regex& host_re() {
  static const std::regex re("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?");
  return re;
}
const std::regex& tag_re() {
  static const std::regex re("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  return re;
}
const std::regex& digest_re() {
  static const std::regex re("sha256:[a-f0-9]{64}");
  return re;
}

sys::Error bad(const std::string& text, const std::string& why) {
  return sys::Error::invalid("invalid reference format", "\"" + text + "\"", why);
}

bool looks_like_host(const std::string& first) {
  return first.find('.') != std::string::npos || first.find(':') != std::string::npos || first == "localhost";
}
}  // namespace

std::string Reference::str() const {
  if (!digest.empty() && tag.empty()) return name + "@" + digest;
  return name + ":" + tag;
}

sys::Result<Reference> parse_reference(const std::string& text) {
  if (text.empty()) return bad(text, "empty name");
  if (text.size() > 255) return bad(text, "longer than 255 characters");
  Reference ref;
  std::string rest = text;
  if (auto at = rest.find('@'); at != std::string::npos) {
    ref.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
    if (!std::regex_match(ref.digest, digest_re())) return bad(text, "digest must be sha256:<64 lowercase hex>");
  }
  auto slash = rest.rfind('/');
  auto colon = rest.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    ref.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
    if (!std::regex_match(ref.tag, tag_re())) return bad(text, "tag \"" + ref.tag + "\" must match [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  }
  if (rest.empty()) return bad(text, "empty name");
  size_t start = 0;
  if (auto first = rest.find('/'); first != std::string::npos && looks_like_host(rest.substr(0, first))) {
    if (!std::regex_match(rest.substr(0, first), host_re())) return bad(text, "bad registry host \"" + rest.substr(0, first) + "\"");
    start = first + 1;
  }
  while (start <= rest.size()) {
    auto end = rest.find('/', start);
    std::string part = rest.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!std::regex_match(part, component_re()))
      return bad(text, "name component \"" + part + "\" must be lowercase letters, digits and separators (. _ __ -)");
    if (end == std::string::npos) break;
    start = end + 1;
  }
  ref.name = rest;
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

bool is_full_id(const std::string& text) {
  static const std::regex re("(sha256:)?[a-f0-9]{64}");
  return std::regex_match(text, re);
}

}  // namespace mocker::engine::image
