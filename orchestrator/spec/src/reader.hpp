#pragma once
#include <unordered_map>
// Typed reading of tree nodes with diagnostics. Every reader accepts null as "not
// set" (returns nullopt / empty without an error) and reports a wrong type or an
// invalid value at the node's position, then carries on.
#include "context.hpp"
#include "tree.hpp"

#include <mocker/spec/model.hpp>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::orchestrator::spec::detail {

class Reader {
 public:
  explicit Reader(LoadContext& ctx) : ctx_(ctx) {}

  void error(const Node& at, const std::string& path, std::string message) {
    ctx_.error(at.mark, path, std::move(message));
  }
  LoadContext& context() { return ctx_; }

  // Positions of the nodes later checks report against ("services.web.depends_on.db").
  void remember(const std::string& path, const Node& n) {
    if (marks) (*marks)[path] = n.mark;
  }
  // The list itself and each of its items ("services.web.links[0]").
  void remember_items(const std::string& path, const Node& list) {
    remember(path, list);
    if (list.is_seq())
      for (size_t i = 0; i < list.items.size(); ++i) remember(index(path, i), list.items[i]);
  }
  std::unordered_map<std::string, Mark>* marks = nullptr;

  // Reports anything but a mapping (null is accepted as empty).
  bool map(const Node& n, const std::string& path);
  std::optional<std::string> string(const Node& n, const std::string& path);
  std::optional<std::string> one_of(const Node& n, const std::string& path,
                                    std::initializer_list<std::string_view> allowed);
  std::optional<bool> boolean(const Node& n, const std::string& path);
  std::optional<int64_t> integer(const Node& n, const std::string& path,
                                 int64_t min = std::numeric_limits<int64_t>::min(),
                                 int64_t max = std::numeric_limits<int64_t>::max());
  std::optional<double> number(const Node& n, const std::string& path, double min = 0);
  std::optional<Duration> duration(const Node& n, const std::string& path);
  // Byte sizes; allow_unlimited accepts -1.
  std::optional<int64_t> bytes(const Node& n, const std::string& path, bool allow_unlimited = false);
  // File permission bits: 0440 and 0o440 are octal, 288 is decimal (as YAML reads them).
  std::optional<uint32_t> file_mode(const Node& n, const std::string& path);
  std::optional<std::string> absolute_path(const Node& n, const std::string& path);
  // A list of scalars; a single scalar too when allow_scalar.
  std::vector<std::string> strings(const Node& n, const std::string& path, bool allow_scalar = false);
  // A mapping of scalar (or null, read as "") values.
  std::map<std::string, std::string> string_map(const Node& n, const std::string& path);

 private:
  LoadContext& ctx_;
};

// Reads the attributes of a mapping into T through a table of field readers.
template <class T>
struct Schema {
  using Field = void (*)(Reader&, const Node&, const std::string&, T&);
  std::vector<std::pair<std::string_view, Field>> fields;
  std::vector<std::string_view> unsupported;  // known attributes kept raw
};

struct Bags {
  RawAttributes* unsupported = nullptr;
  std::string prefix;  // "deploy." for nested attributes
  RawAttributes* extensions = nullptr;
};

template <class T>
void read_fields(Reader& r, const Node& map, const std::string& path, const Schema<T>& schema, T& out,
                 const Bags& bags = {}) {
  if (!r.map(map, path)) return;
  std::string p = path.empty() ? std::string() : path + '.';  // one buffer for all attribute paths
  const size_t prefix = p.size();
  for (const auto& e : map.entries) {
    p.resize(prefix);
    p += e.key;
    bool handled = false;
    for (const auto& [name, field] : schema.fields) {
      if (name == e.key) {
        field(r, e.value, p, out);
        handled = true;
        break;
      }
    }
    if (handled) continue;
    if (e.key.rfind("x-", 0) == 0) {
      if (bags.extensions) (*bags.extensions)[e.key] = to_json(e.value);
      continue;
    }
    for (auto name : schema.unsupported) {
      if (name == e.key) {
        if (bags.unsupported) (*bags.unsupported)[bags.prefix + e.key] = to_json(e.value);
        handled = true;
        break;
      }
    }
    if (!handled) r.context().error(e.key_mark, path, "unknown attribute \"" + e.key + "\"");
  }
}

}  // namespace mocker::orchestrator::spec::detail
