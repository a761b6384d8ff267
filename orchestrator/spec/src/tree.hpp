#pragma once
// The loader's own document tree: what yaml-cpp produced, with anchors and merge
// keys resolved, positions kept on every node, and compose tags (!reset,
// !override) preserved. Value semantics: copying a node copies its subtree.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::orchestrator::spec::detail {

struct Mark {
  int source = -1;  // index into LoadContext::sources
  int line = 0;     // 1-based
  int col = 0;
};

// The compose tags that change how a value merges.
enum class Tag : uint8_t { none, reset, override_ };

struct Node {
  enum class Kind : uint8_t { null, scalar, seq, map };
  struct Entry;

  Kind kind = Kind::null;
  std::string text;    // scalars
  bool quoted = false;  // scalar written with quotes (never a number or bool)
  bool poisoned = false;  // its value could not be computed and that was reported: skip it
  Tag tag = Tag::none;  // !reset or !override
  std::vector<Node> items;     // sequences
  std::vector<Entry> entries;  // mappings, in document order
  Mark mark;

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_seq() const { return kind == Kind::seq; }
  bool is_map() const { return kind == Kind::map; }

  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  // Replaces or appends.
  Node& set(std::string key, Node value);
  bool erase(std::string_view key);

  static Node scalar(std::string text, Mark mark = {});
  static Node map(Mark mark = {});
  static Node seq(Mark mark = {});
  static Node null(Mark mark = {});
};

struct Node::Entry {
  std::string key;
  Mark key_mark;
  Node value;
};

// "a mapping", "a sequence", "a string", "null": for error messages.
std::string kind_name(const Node& node);

// Untyped conversion, as YAML would type plain scalars (bool, int, float, string).
nlohmann::json to_json(const Node& node);

// "services" + "web" -> "services.web"; index -> "ports[1]".
std::string join(const std::string& path, std::string_view key);
std::string index(const std::string& path, size_t i);

}  // namespace mocker::orchestrator::spec::detail
