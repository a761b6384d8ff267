#include <mocker/init/user.hpp>

#include <charconv>
#include <optional>

namespace mocker::engine::init {

namespace {

// The colon-separated fields of one line.
std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    size_t at = line.find(sep);
    out.push_back(line.substr(0, at));
    if (at == std::string_view::npos) return out;
    line.remove_prefix(at + 1);
  }
}

// Calls f(fields) for each non-comment line of a passwd/group style file.
template <class F>
void for_each_entry(std::string_view text, F f) {
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (line.empty() || line[0] == '#') continue;
    f(split(line, ':'));
  }
}

std::optional<uint32_t> number(std::string_view s) {
  uint32_t v = 0;
  if (s.empty()) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

struct PasswdEntry {
  std::string name;
  uid_t uid;
  gid_t gid;
  std::string home;
};

std::optional<PasswdEntry> find_passwd(std::string_view text, std::string_view name, std::optional<uid_t> uid) {
  std::optional<PasswdEntry> found;
  for_each_entry(text, [&](const std::vector<std::string_view>& f) {
    if (found || f.size() < 7) return;
    auto u = number(f[2]), g = number(f[3]);
    if (!u || !g) return;
    if (uid ? *u == *uid : f[0] == name) found = PasswdEntry{std::string(f[0]), *u, *g, std::string(f[5])};
  });
  return found;
}

std::optional<gid_t> find_group(std::string_view text, std::string_view name) {
  std::optional<gid_t> found;
  for_each_entry(text, [&](const std::vector<std::string_view>& f) {
    if (found || f.size() < 3 || f[0] != name) return;
    found = number(f[2]);
  });
  return found;
}

std::vector<gid_t> groups_of(std::string_view text, std::string_view user) {
  std::vector<gid_t> out;
  for_each_entry(text, [&](const std::vector<std::string_view>& f) {
    if (f.size() < 4) return;
    auto gid = number(f[2]);
    if (!gid) return;
    for (auto member : split(f[3], ','))
      if (member == user) out.push_back(*gid);
  });
  return out;
}

}  // namespace

sys::Result<Credentials> resolve_user(std::string_view user, std::string_view passwd_text,
                                      std::string_view group_text) {
  std::string_view user_part = user, group_part;
  bool group_given = false;
  if (size_t colon = user.find(':'); colon != std::string_view::npos) {
    user_part = user.substr(0, colon);
    group_part = user.substr(colon + 1);
    group_given = true;
    if (group_part.empty()) return sys::Error::invalid("resolve user", std::string(user), "empty group");
  }
  if (user_part.empty() && !user.empty())
    return sys::Error::invalid("resolve user", std::string(user), "empty user name");
  if (user_part.empty()) user_part = "0";

  Credentials c;
  std::string name;
  if (auto uid = number(user_part)) {
    c.uid = *uid;
    if (auto e = find_passwd(passwd_text, {}, uid)) {
      c.gid = e->gid;
      c.home = e->home;
      name = e->name;
    }
  } else if (auto e = find_passwd(passwd_text, user_part, std::nullopt)) {
    c.uid = e->uid;
    c.gid = e->gid;
    c.home = e->home;
    name = e->name;
  } else {
    return sys::Error::invalid("resolve user", std::string(user_part), "no such user in /etc/passwd");
  }

  if (group_given) {
    if (auto gid = number(group_part)) {
      c.gid = *gid;
    } else if (auto g = find_group(group_text, group_part)) {
      c.gid = *g;
    } else {
      return sys::Error::invalid("resolve group", std::string(group_part), "no such group in /etc/group");
    }
  } else if (!name.empty()) {
    c.groups = groups_of(group_text, name);
  }
  if (c.home.empty()) c.home.push_back('/');  // (assigning "/" trips a gcc 12 -Wrestrict false positive)
  return c;
}

}  // namespace mocker::engine::init
