#include "yaml_parse.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>

namespace mocker::orchestrator::spec::detail {

namespace {

// Thrown from the event handler to abandon a document; caught in parse_yaml.
struct BuildError {
  Mark mark;
  std::string message;
};

class TreeBuilder : public YAML::EventHandler {
 public:
  explicit TreeBuilder(int source, LoadContext& ctx) : source_(source), ctx_(ctx) {}

  std::vector<Node> documents;

  void OnDocumentStart(const YAML::Mark&) override {
    stack_.clear();
    anchors_.clear();  // anchors do not cross documents; the node budget does
    got_root_ = false;
  }
  void OnDocumentEnd() override {
    if (!got_root_) documents.push_back(Node::null(Mark{source_, 1, 1}));
  }

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    count(1, mark);
    add(Node::null(to_mark(mark)), anchor, 1);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end())
      throw BuildError{to_mark(mark), "alias refers to an anchor whose node is not complete (recursive alias)"};
    count(it->second.size, mark);
    Node copy = it->second.node;
    copy.mark = to_mark(mark);
    add(std::move(copy), 0, it->second.size);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    count(1, mark);
    Node n = Node::scalar(value, to_mark(mark));
    n.quoted = tag == "!" || tag == "tag:yaml.org,2002:str";
    n.tag = compose_tag(tag);
    if (n.tag != Tag::none && !n.quoted && (value.empty() || value == "null" || value == "~")) {
      n.kind = Node::Kind::null;
      n.text.clear();
    }
    add(std::move(n), anchor, 1);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::seq(to_mark(mark)), tag, anchor, mark);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::map(to_mark(mark)), tag, anchor, mark);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor = 0;
    size_t nodes_at_start = 0;
    bool has_key = false;
    Node key;
  };
  struct Anchored {
    Node node;
    size_t size = 0;
  };

  Mark to_mark(const YAML::Mark& m) const {
    if (m.line < 0) return Mark{source_, 0, 0};
    return Mark{source_, m.line + 1, m.column + 1};
  }

  static Tag compose_tag(const std::string& tag) {
    if (tag == "!reset") return Tag::reset;
    if (tag == "!override") return Tag::override_;
    return Tag::none;
  }

  void count(size_t n, const YAML::Mark& mark) {
    nodes_ += n;
    if (nodes_ > Limits::max_nodes)
      throw BuildError{to_mark(mark), "document too large: more than " + std::to_string(Limits::max_nodes) +
                                          " nodes after expanding aliases"};
  }

  void open(Node n, const std::string& tag, YAML::anchor_t anchor, const YAML::Mark& mark) {
    count(1, mark);
    if (static_cast<int>(stack_.size()) >= Limits::max_depth)
      throw BuildError{to_mark(mark), "nesting deeper than " + std::to_string(Limits::max_depth) + " levels"};
    n.tag = compose_tag(tag);
    stack_.push_back(Frame{std::move(n), anchor, nodes_ - 1, false, {}});
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    if (f.node.is_map()) finish_map(f.node);
    add(std::move(f.node), f.anchor, nodes_ - f.nodes_at_start);
  }

  void add(Node n, YAML::anchor_t anchor, size_t size) {
    if (anchor != 0) anchors_[anchor] = Anchored{n, size};
    if (stack_.empty()) {
      documents.push_back(std::move(n));
      got_root_ = true;
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_seq()) {
      top.node.items.push_back(std::move(n));
    } else if (!top.has_key) {
      if (!n.is_scalar() && !n.is_null())
        throw BuildError{n.mark, "mapping keys must be strings, got " + kind_name(n)};
      top.key = std::move(n);
      top.has_key = true;
    } else {
      Node key = std::move(top.key);
      top.has_key = false;
      // A quoted "<<" is an ordinary key; mark it so finish_map leaves it alone.
      std::string text = key.quoted && key.text == "<<" ? std::string("\x01<<") : key.text;
      top.node.entries.push_back(Node::Entry{std::move(text), key.mark, std::move(n)});
    }
  }

  // Applies merge keys (<<) and reports duplicate keys.
  void finish_map(Node& map) {
    std::vector<Node::Entry> explicit_entries;
    std::vector<Node*> merges;
    std::vector<Node> merge_storage;
    bool has_merge = false;
    for (auto& e : map.entries) {
      if (e.key == "<<") {
        has_merge = true;
        merge_storage.push_back(std::move(e.value));
      } else {
        explicit_entries.push_back(std::move(e));
      }
    }
    std::set<std::string> seen;
    std::vector<Node::Entry> out;
    for (auto& e : explicit_entries) {
      if (e.key.rfind("\x01", 0) == 0) e.key.erase(0, 1);
      if (!seen.insert(e.key).second) {
        ctx_.error(e.key_mark, "", "duplicate key \"" + e.key + "\" in mapping");
        for (auto& o : out)
          if (o.key == e.key) o = std::move(e);
        continue;
      }
      out.push_back(std::move(e));
    }
    if (has_merge) {
      for (auto& m : merge_storage) {
        if (m.is_map()) {
          merges.push_back(&m);
        } else if (m.is_seq()) {
          for (auto& item : m.items) {
            if (!item.is_map()) throw BuildError{item.mark, "merge key << takes mappings, got " + kind_name(item)};
            merges.push_back(&item);
          }
        } else {
          throw BuildError{m.mark, "merge key << takes a mapping or a list of mappings, got " + kind_name(m)};
        }
      }
      // Explicit keys win, then earlier merged mappings over later ones. The merged
      // mappings are this map's own copies (aliases were copied): move from them.
      for (Node* m : merges) {
        for (auto& e : m->entries) {
          if (seen.insert(e.key).second) out.push_back(std::move(e));
        }
      }
    }
    map.entries = std::move(out);
  }

  int source_;
  LoadContext& ctx_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  size_t nodes_ = 0;
  bool got_root_ = false;
};

// Offset of the first byte that is not well-formed UTF-8 or is a control character
// YAML does not allow (anything below 0x20 but tab, LF and CR; DEL), if any.
std::optional<size_t> invalid_text(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return i;
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) return i;
    uint32_t cp = len == 1 ? c : (c & (0x7f >> len));
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
    static constexpr uint32_t min_for_len[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[len] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += len;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::vector<Node>> parse_yaml(std::string_view text, int source, LoadContext& ctx) {
  // YAML is printable Unicode; other bytes would not survive printing the model.
  if (auto bad = invalid_text(text)) {
    std::string_view before = text.substr(0, *bad);
    int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    size_t line_start = before.rfind('\n');
    int col = static_cast<int>(*bad - (line_start == std::string_view::npos ? 0 : line_start + 1)) + 1;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(text[*bad]));
    auto byte = static_cast<unsigned char>(text[*bad]);
    std::string what = byte < 0x80 ? "control character" : "byte that is not valid UTF-8";
    ctx.error(Mark{source, line, col}, "", "invalid text: " + what + " " + hex);
    return std::nullopt;
  }
  std::istringstream in{std::string(text)};
  TreeBuilder builder(source, ctx);
  try {
    YAML::Parser parser(in);
    size_t documents = 0;
    while (parser.HandleNextDocument(builder)) {
      if (++documents > 64) throw BuildError{Mark{source, 0, 0}, "more than 64 YAML documents in one file"};
    }
  } catch (const BuildError& e) {
    ctx.error(e.mark, "", e.message);
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    Mark m{source, e.mark.line >= 0 ? e.mark.line + 1 : 0, e.mark.column >= 0 ? e.mark.column + 1 : 0};
    ctx.error(m, "", "invalid YAML: " + e.msg);
    return std::nullopt;
  } catch (const std::exception& e) {
    ctx.error(Mark{source, 0, 0}, "", std::string("invalid YAML: ") + e.what());
    return std::nullopt;
  }
  return std::move(builder.documents);
}

}  // namespace mocker::orchestrator::spec::detail
