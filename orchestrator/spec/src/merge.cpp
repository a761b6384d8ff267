#include "merge.hpp"

#include <initializer_list>
#include <map>
#include <string_view>

namespace mocker::orchestrator::spec::detail {

namespace {

using Path = std::vector<std::string>;

bool matches(const Path& path, std::initializer_list<std::string_view> pattern) {
  if (path.size() != pattern.size()) return false;
  size_t i = 0;
  for (auto p : pattern) {
    if (p != "*" && p != path[i]) return false;
    ++i;
  }
  return true;
}

enum class SeqRule { append, replace, unique };
enum class KeyKind { value, port, mount_target, secret, config, env_file };

struct Rule {
  SeqRule seq = SeqRule::append;
  KeyKind key = KeyKind::value;
};

Rule rule_for(const Path& path) {
  if (matches(path, {"services", "*", "command"}) || matches(path, {"services", "*", "entrypoint"}) ||
      matches(path, {"services", "*", "healthcheck", "test"}))
    return {SeqRule::replace, KeyKind::value};
  if (matches(path, {"services", "*", "ports"})) return {SeqRule::unique, KeyKind::port};
  if (matches(path, {"services", "*", "volumes"})) return {SeqRule::unique, KeyKind::mount_target};
  if (matches(path, {"services", "*", "secrets"})) return {SeqRule::unique, KeyKind::secret};
  if (matches(path, {"services", "*", "configs"})) return {SeqRule::unique, KeyKind::config};
  if (matches(path, {"services", "*", "env_file"})) return {SeqRule::unique, KeyKind::env_file};
  if (path.size() == 3 && path[0] == "services") {
    static constexpr std::string_view unique_values[] = {
        "expose", "dns", "dns_search", "dns_opt", "cap_add", "cap_drop", "security_opt", "profiles",
        "links", "volumes_from", "extra_hosts", "tmpfs", "external_links", "group_add", "devices"};
    for (auto name : unique_values)
      if (path[2] == name) return {SeqRule::unique, KeyKind::value};
  }
  if (matches(path, {"services", "*", "networks", "*", "aliases"})) return {SeqRule::unique, KeyKind::value};
  return {};
}

// Attributes whose value replaces the previous one wholesale.
bool replaces_whole(const Path& path) {
  return matches(path, {"services", "*", "ulimits", "*"});
}

std::string scalar_at(const Node& map, std::string_view key, std::string fallback = {}) {
  const Node* n = map.find(key);
  return n && n->is_scalar() ? n->text : fallback;
}

std::string unique_key(const Node& item, KeyKind kind) {
  if (item.is_scalar()) {
    switch (kind) {
      case KeyKind::secret: return "/run/secrets/" + item.text;
      case KeyKind::config: return "/" + item.text;
      default: return item.text;
    }
  }
  if (!item.is_map()) return to_json(item).dump();
  switch (kind) {
    case KeyKind::port:
      return scalar_at(item, "host_ip") + "|" + scalar_at(item, "published") + "|" + scalar_at(item, "target") +
             "|" + scalar_at(item, "protocol", "tcp");
    case KeyKind::mount_target:
      return scalar_at(item, "target");
    case KeyKind::secret:
    case KeyKind::config: {
      std::string prefix = kind == KeyKind::secret ? "/run/secrets/" : "/";
      std::string target = scalar_at(item, "target");
      if (target.empty()) return prefix + scalar_at(item, "source");
      return target[0] == '/' ? target : prefix + target;
    }
    case KeyKind::env_file:
      return scalar_at(item, "path");
    case KeyKind::value:
      break;
  }
  return to_json(item).dump();
}

// Drops !reset entries and the tags themselves from a subtree that has no base.
void clean(Node& n) {
  n.tag = Tag::none;
  if (n.is_map()) {
    std::vector<Node::Entry> kept;
    kept.reserve(n.entries.size());
    for (auto& e : n.entries) {
      if (e.value.tag == Tag::reset) continue;
      clean(e.value);
      kept.push_back(std::move(e));
    }
    n.entries = std::move(kept);
  } else if (n.is_seq()) {
    std::vector<Node> kept;
    kept.reserve(n.items.size());
    for (auto& item : n.items) {
      if (item.tag == Tag::reset) continue;
      clean(item);
      kept.push_back(std::move(item));
    }
    n.items = std::move(kept);
  }
}

// The rules applied within one tree that has nothing to merge with.
Node adopt(Node over, Path& path);

Node merge_unique(Node base, Node over, KeyKind kind, Path& path) {
  std::vector<Node> items = std::move(base.items);
  base.items.clear();
  std::map<std::string, size_t> position;
  auto add = [&](Node&& item) {
    if (item.tag == Tag::reset) return;
    std::string key = unique_key(item, kind);
    auto it = position.find(key);
    if (it == position.end()) {
      position.emplace(std::move(key), base.items.size());
      clean(item);
      base.items.push_back(std::move(item));
    } else {
      base.items[it->second] = merge_nodes(std::move(base.items[it->second]), std::move(item), path);
    }
  };
  for (auto& item : items) add(std::move(item));
  for (auto& item : over.items) add(std::move(item));
  return base;
}

Node merge_maps(Node base, Node over, Path& path) {
  // A different logging driver takes none of the old driver's options.
  if (matches(path, {"services", "*", "logging"})) {
    std::string old_driver = scalar_at(base, "driver");
    std::string new_driver = scalar_at(over, "driver");
    if (!old_driver.empty() && !new_driver.empty() && old_driver != new_driver) {
      clean(over);
      return over;
    }
  }
  // Large mappings (services of a big project) get an index instead of linear scans.
  std::map<std::string, size_t> where;
  bool indexed = base.entries.size() > 16 && over.entries.size() > 16;
  auto reindex = [&] {
    where.clear();
    for (size_t i = 0; i < base.entries.size(); ++i) where.emplace(base.entries[i].key, i);
  };
  if (indexed) reindex();
  auto lookup = [&](const std::string& key) -> Node* {
    if (!indexed) return base.find(key);
    auto it = where.find(key);
    return it == where.end() ? nullptr : &base.entries[it->second].value;
  };
  for (auto& e : over.entries) {
    if (e.value.tag == Tag::reset) {
      if (base.erase(e.key) && indexed) reindex();
      continue;
    }
    path.push_back(e.key);
    if (Node* existing = lookup(e.key)) {
      *existing = merge_nodes(std::move(*existing), std::move(e.value), path);
    } else {
      if (indexed) where.emplace(e.key, base.entries.size());
      base.entries.push_back(Node::Entry{std::move(e.key), e.key_mark, adopt(std::move(e.value), path)});
    }
    path.pop_back();
  }
  return base;
}

Node adopt(Node over, Path& path) {
  if (over.tag == Tag::override_ || replaces_whole(path) || (!over.is_map() && !over.is_seq())) {
    clean(over);
    return over;
  }
  over.tag = Tag::none;
  if (over.is_map()) {
    // Keys are unique within one mapping (the parser saw to it): no lookups needed.
    std::erase_if(over.entries, [](const Node::Entry& e) { return e.value.tag == Tag::reset; });
    for (auto& e : over.entries) {
      path.push_back(e.key);
      e.value = adopt(std::move(e.value), path);
      path.pop_back();
    }
    return over;
  }
  Rule rule = rule_for(path);
  if (rule.seq == SeqRule::unique) return merge_unique(Node::seq(over.mark), std::move(over), rule.key, path);
  clean(over);
  return over;
}

}  // namespace

Node merge_nodes(Node base, Node over, Path& path) {
  if (over.tag == Tag::override_ || replaces_whole(path)) {
    clean(over);
    return over;
  }
  if (base.is_map() && over.is_map()) return merge_maps(std::move(base), std::move(over), path);
  if (base.is_seq() && over.is_seq()) {
    Rule rule = rule_for(path);
    if (rule.seq == SeqRule::replace) {
      clean(over);
      return over;
    }
    if (rule.seq == SeqRule::unique) return merge_unique(std::move(base), std::move(over), rule.key, path);
    for (auto& item : over.items) {
      if (item.tag == Tag::reset) continue;
      clean(item);
      base.items.push_back(std::move(item));
    }
    return base;
  }
  clean(over);
  return over;
}

Node merge_documents(Node base, Node over) {
  Path path;
  return merge_nodes(std::move(base), std::move(over), path);
}

}  // namespace mocker::orchestrator::spec::detail
