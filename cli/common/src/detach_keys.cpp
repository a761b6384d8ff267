#include <mocker/cli/detach_keys.hpp>

#include <cctype>

namespace mocker::cli {

namespace {

std::optional<char> control_of(char c) {
  if (std::isalpha(static_cast<unsigned char>(c))) return static_cast<char>(std::tolower(c) - 'a' + 1);
  switch (c) {
    case '@': return '\0';
    case '[': return '\x1b';
    case '\\': return '\x1c';
    case ']': return '\x1d';
    case '^': return '\x1e';
    case '_': return '\x1f';
    default: return std::nullopt;
  }
}

}  // namespace

std::optional<std::string> parse_detach_keys(std::string_view text, std::string& error) {
  std::string out;
  if (text.empty()) return out;
  for (size_t at = 0; at <= text.size();) {
    size_t comma = text.find(',', at);
    std::string_view key = text.substr(at, comma == std::string_view::npos ? std::string_view::npos : comma - at);
    if (key.size() == 1) {
      out.push_back(key[0]);
    } else if (key.size() == 6 && key.substr(0, 5) == "ctrl-" && control_of(key[5])) {
      out.push_back(*control_of(key[5]));
    } else {
      error = "invalid detach key \"" + std::string(key) + "\": expected a character or ctrl-<letter, @, [, \\, ], ^ or _>";
      return std::nullopt;
    }
    if (comma == std::string_view::npos) break;
    at = comma + 1;
  }
  return out;
}

std::string DetachMatcher::feed(std::string_view input, bool& detached) {
  std::string out;
  for (char c : input) {
    if (keys_.empty()) {
      out.push_back(c);
      continue;
    }
    if (c == keys_[matched_]) {
      if (++matched_ == keys_.size()) {
        detached = true;
        matched_ = 0;
        return out;
      }
      continue;
    }
    // Not the sequence after all: what was held goes through, and this byte
    // may itself begin the sequence anew.
    out.append(keys_, 0, matched_);
    matched_ = 0;
    if (c == keys_[0]) {
      matched_ = 1;
      if (keys_.size() == 1) {
        detached = true;
        matched_ = 0;
        return out;
      }
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace mocker::cli
