#include "tree.hpp"

#include <cstdlib>
#include <cmath>

namespace mocker::orchestrator::spec::detail {

const Node* Node::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

Node* Node::find(std::string_view key) {
  for (auto& e : entries)
    if (e.key == key) return &e.value;
  return nullptr;
}

Node& Node::set(std::string key, Node value) {
  for (auto& e : entries) {
    if (e.key == key) {
      e.value = std::move(value);
      return e.value;
    }
  }
  Mark m = value.mark;
  entries.push_back(Entry{std::move(key), m, std::move(value)});
  return entries.back().value;
}

bool Node::erase(std::string_view key) {
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (it->key == key) {
      entries.erase(it);
      return true;
    }
  }
  return false;
}

Node Node::scalar(std::string text, Mark mark) {
  Node n;
  n.kind = Kind::scalar;
  n.text = std::move(text);
  n.mark = mark;
  return n;
}

Node Node::map(Mark mark) {
  Node n;
  n.kind = Kind::map;
  n.mark = mark;
  return n;
}

Node Node::seq(Mark mark) {
  Node n;
  n.kind = Kind::seq;
  n.mark = mark;
  return n;
}

Node Node::null(Mark mark) {
  Node n;
  n.mark = mark;
  return n;
}

std::string kind_name(const Node& node) {
  switch (node.kind) {
    case Node::Kind::null: return "null";
    case Node::Kind::scalar: return "a scalar";
    case Node::Kind::seq: return "a sequence";
    case Node::Kind::map: return "a mapping";
  }
  return "?";
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// YAML 1.2 core schema integers: [-+]?[0-9]+
bool looks_integer(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  if (i >= s.size()) return false;
  for (; i < s.size(); ++i)
    if (!is_digit(s[i])) return false;
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
bool looks_real(std::string_view s) {
  size_t i = (!s.empty() && (s[0] == '-' || s[0] == '+')) ? 1 : 0;
  size_t digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    size_t exp = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp;
    if (exp == 0) return false;
  }
  return i == s.size();
}

nlohmann::json scalar_to_json(const Node& node) {
  const std::string& s = node.text;
  if (node.quoted || s.empty()) return s;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (s.size() < 19 && looks_integer(s)) return std::strtoll(s.c_str(), nullptr, 10);
  if (s.size() < 40 && looks_real(s)) {
    double d = std::strtod(s.c_str(), nullptr);
    if (std::isfinite(d)) return d;
  }
  return s;
}

}  // namespace

nlohmann::json to_json(const Node& node) {
  switch (node.kind) {
    case Node::Kind::null: return nullptr;
    case Node::Kind::scalar: return scalar_to_json(node);
    case Node::Kind::seq: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node.items) out.push_back(to_json(item));
      return out;
    }
    case Node::Kind::map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& e : node.entries) out[e.key] = to_json(e.value);
      return out;
    }
  }
  return nullptr;
}

std::string join(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

std::string index(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

}  // namespace mocker::orchestrator::spec::detail
