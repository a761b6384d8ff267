#include "mountinfo.hpp"

#include "cgroupfs.hpp"

#include <algorithm>
#include <optional>

namespace mocker::engine::cgroup {

namespace {

// mountinfo escapes space, tab, newline and backslash as \ooo.
std::string unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    auto octal = [&](size_t k) { return s[k] >= '0' && s[k] <= '7'; };
    if (s[i] == '\\' && i + 3 < s.size() && octal(i + 1) && octal(i + 2) && octal(i + 3)) {
      out += static_cast<char>((s[i + 1] - '0') * 64 + (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    auto pos = s.find(sep, start);
    out.emplace_back(s.substr(start, pos - start));
    if (pos == std::string_view::npos) return out;
    start = pos + 1;
  }
}

// "36 35 0:29 / /sys/fs/cgroup/cpu rw,relatime shared:9 - cgroup cgroup rw,cpu"
std::optional<CgroupMount> parse_line(std::string_view line) {
  auto fields = cgfs::split_words(line);
  auto dash = std::find(fields.begin(), fields.end(), "-");
  if (fields.size() < 5 || dash == fields.end() || fields.end() - dash < 4) return std::nullopt;
  const std::string& fstype = dash[1];
  if (fstype != "cgroup" && fstype != "cgroup2") return std::nullopt;
  CgroupMount m;
  m.mount_point = unescape(fields[4]);
  m.unified = fstype == "cgroup2";
  if (!m.unified) m.controllers = split(dash[3], ',');
  return m;
}

}  // namespace

std::vector<CgroupMount> parse_cgroup_mounts(std::string_view mountinfo) {
  std::vector<CgroupMount> out;
  while (!mountinfo.empty()) {
    auto nl = mountinfo.find('\n');
    if (auto m = parse_line(mountinfo.substr(0, nl))) out.push_back(std::move(*m));
    mountinfo = nl == std::string_view::npos ? std::string_view{} : mountinfo.substr(nl + 1);
  }
  return out;
}

}  // namespace mocker::engine::cgroup
