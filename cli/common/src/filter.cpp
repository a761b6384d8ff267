#include <mocker/cli/filter.hpp>

#include <fnmatch.h>

#include <algorithm>
#include <regex>

namespace mocker::cli {

namespace sys = engine::sys;

sys::Result<Filters> parse_filters(const std::vector<std::string>& terms, const std::set<std::string>& allowed) {
  Filters out;
  for (const auto& t : terms) {
    auto eq = t.find('=');
    if (eq == std::string::npos || eq == 0)
      return sys::Error::invalid("parse --filter", t, "expected KEY=VALUE");
    std::string key = t.substr(0, eq);
    if (!allowed.contains(key)) {
      std::string known;
      for (const auto& k : allowed) known += (known.empty() ? "" : ", ") + k;
      return sys::Error::invalid("parse --filter", t, "invalid filter '" + key + "' (known: " + known + ")");
    }
    out[key].push_back(t.substr(eq + 1));
  }
  return out;
}

bool filters_match(const Filters& filters, const std::function<bool(const std::string&, const std::string&)>& test) {
  return std::all_of(filters.begin(), filters.end(), [&](const auto& kv) {
    return std::any_of(kv.second.begin(), kv.second.end(), [&](const std::string& v) { return test(kv.first, v); });
  });
}

bool label_matches(const std::map<std::string, std::string>& labels, const std::string& term) {
  auto eq = term.find('=');
  auto it = labels.find(term.substr(0, eq));
  if (it == labels.end()) return false;
  return eq == std::string::npos || it->second == term.substr(eq + 1);
}

bool name_matches(const std::string& name, const std::string& pattern) {
  std::string p = pattern.starts_with("/") ? pattern.substr(1) : pattern;
  try {
    return std::regex_search(name, std::regex(p));
  } catch (const std::regex_error&) {
    return name.find(p) != std::string::npos;
  }
}

bool reference_matches(const std::string& repo_tag, const std::string& pattern) {
  std::string repo = repo_tag.substr(0, repo_tag.rfind(':'));
  if (::fnmatch(pattern.c_str(), repo_tag.c_str(), 0) == 0) return true;
  return ::fnmatch(pattern.c_str(), repo.c_str(), 0) == 0;
}

namespace {
std::string with_tag(const std::string& ref) {
  auto slash = ref.rfind('/');
  auto colon = ref.rfind(':');
  bool tagged = colon != std::string::npos && (slash == std::string::npos || colon > slash);
  return tagged ? ref : ref + ":latest";
}
}  // namespace

bool ancestor_matches(const std::string& image, const std::string& image_id, const std::string& wanted) {
  if (wanted.empty()) return false;
  if (with_tag(image) == with_tag(wanted)) return true;
  std::string hex = image_id.starts_with("sha256:") ? image_id.substr(7) : image_id;
  std::string w = wanted.starts_with("sha256:") ? wanted.substr(7) : wanted;
  return w.size() >= 4 && hex.starts_with(w);
}

std::optional<bool> parse_bool(const std::string& text) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  return std::nullopt;
}

}  // namespace mocker::cli
