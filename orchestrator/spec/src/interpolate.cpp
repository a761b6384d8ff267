#include <mocker/spec/interpolate.hpp>

namespace mocker::orchestrator::spec {

namespace {

// Nested defaults deeper than this are rejected rather than recursed into.
constexpr int kMaxDepth = 32;

bool name_start(char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool name_char(char c) { return name_start(c) || (c >= '0' && c <= '9'); }

// Index of the '}' that closes a braced reference whose body starts at `from`,
// skipping "$$" and nested "${...}".
size_t closing_brace(std::string_view text, size_t from) {
  int depth = 0;
  for (size_t i = from; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && (text[i + 1] == '$' || text[i + 1] == '{')) {
      if (text[i + 1] == '{') ++depth;
      ++i;
      continue;
    }
    if (text[i] == '}') {
      if (depth == 0) return i;
      --depth;
    }
  }
  return std::string_view::npos;
}

struct Braced {
  std::string name;
  std::string op;          // "", ":-", "-", ":?", "?", ":+", "+"
  std::string_view word;   // unexpanded text after the operator
  size_t end = 0;          // index just past the closing brace
};

// Parses "${...}" starting at text[i] == '$'. nullopt: not a valid reference.
std::optional<Braced> parse_braced(std::string_view text, size_t i) {
  size_t j = i + 2;
  size_t begin = j;
  if (j < text.size() && name_start(text[j]))
    while (j < text.size() && name_char(text[j])) ++j;
  if (j == begin || j >= text.size()) return std::nullopt;
  Braced b;
  b.name = std::string(text.substr(begin, j - begin));
  if (text[j] == '}') {
    b.end = j + 1;
    return b;
  }
  if (text[j] == ':' && j + 1 < text.size() &&
      (text[j + 1] == '-' || text[j + 1] == '?' || text[j + 1] == '+')) {
    b.op = std::string(text.substr(j, 2));
    j += 2;
  } else if (text[j] == '-' || text[j] == '?' || text[j] == '+') {
    b.op = std::string(1, text[j]);
    j += 1;
  } else {
    return std::nullopt;
  }
  size_t close = closing_brace(text, j);
  if (close == std::string_view::npos) return std::nullopt;
  b.word = text.substr(j, close - j);
  b.end = close + 1;
  return b;
}

class Interpolator {
 public:
  Interpolator(const Lookup& lookup, bool strict, Interpolation& result)
      : lookup_(lookup), strict_(strict), result_(result) {}

  bool expand(std::string_view text, std::string& out, int depth) {
    if (depth > kMaxDepth) return fail("interpolation nested too deeply in \"" + std::string(text) + "\"");
    size_t i = 0;
    while (i < text.size()) {
      char c = text[i];
      if (c != '$') {
        out += c;
        ++i;
        continue;
      }
      char next = i + 1 < text.size() ? text[i + 1] : '\0';
      if (next == '$') {
        out += '$';
        i += 2;
      } else if (next == '{') {
        auto b = parse_braced(text, i);
        if (!b) {
          if (strict_) return invalid(text);
          out += '$';
          ++i;
          continue;
        }
        if (!substitute(*b, out, depth)) return false;
        i = b->end;
      } else if (name_start(next)) {
        size_t j = i + 1;
        while (j < text.size() && name_char(text[j])) ++j;
        append_variable(std::string(text.substr(i + 1, j - i - 1)), out);
        i = j;
      } else {
        if (strict_) return invalid(text);
        out += '$';
        ++i;
      }
    }
    return true;
  }

 private:
  bool substitute(const Braced& b, std::string& out, int depth) {
    if (b.op.empty()) {
      append_variable(b.name, out);
      return true;
    }
    std::optional<std::string> value = lookup_(b.name);
    bool set = value.has_value();
    bool non_empty = set && !value->empty();
    if (b.op == ":-" || b.op == "-") {
      bool use_default = b.op == ":-" ? !non_empty : !set;
      if (use_default) return expand(b.word, out, depth + 1);
      out += *value;
      return true;
    }
    if (b.op == ":+" || b.op == "+") {
      bool use_alternate = b.op == ":+" ? non_empty : set;
      return use_alternate ? expand(b.word, out, depth + 1) : true;
    }
    // ":?" and "?"
    bool missing = b.op == ":?" ? !non_empty : !set;
    if (!missing) {
      out += *value;
      return true;
    }
    std::string message;
    if (!expand(b.word, message, depth + 1)) return false;
    std::string error = "required variable " + b.name + " is missing a value";
    if (!message.empty()) error += ": " + message;
    return fail(std::move(error));
  }

  void append_variable(const std::string& name, std::string& out) {
    if (auto v = lookup_(name)) {
      out += *v;
      return;
    }
    for (const auto& u : result_.unset)
      if (u == name) return;
    result_.unset.push_back(name);
  }

  bool invalid(std::string_view text) {
    return fail("invalid interpolation format in \"" + std::string(text) +
                "\": write \"$$\" for a literal \"$\"");
  }

  bool fail(std::string message) {
    result_.error = std::move(message);
    return false;
  }

  const Lookup& lookup_;
  bool strict_;
  Interpolation& result_;
};

void collect(std::string_view text, std::vector<VariableRef>& out, int depth) {
  if (depth > kMaxDepth) return;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$' || i + 1 >= text.size()) {
      ++i;
      continue;
    }
    char next = text[i + 1];
    if (next == '$') {
      i += 2;
    } else if (next == '{') {
      auto b = parse_braced(text, i);
      if (!b) {
        ++i;
        continue;
      }
      VariableRef ref;
      ref.name = b->name;
      if (b->op == ":?" || b->op == "?") ref.required = true;
      if (b->op == ":-" || b->op == "-") ref.default_value = std::string(b->word);
      if (b->op == ":+" || b->op == "+") ref.alternate = std::string(b->word);
      out.push_back(std::move(ref));
      collect(b->word, out, depth + 1);
      i = b->end;
    } else if (name_start(next)) {
      size_t j = i + 1;
      while (j < text.size() && name_char(text[j])) ++j;
      out.push_back(VariableRef{std::string(text.substr(i + 1, j - i - 1)), false, {}, {}});
      i = j;
    } else {
      ++i;
    }
  }
}

}  // namespace

Interpolation interpolate(std::string_view text, const Lookup& lookup, bool strict) {
  Interpolation result;
  if (text.find('$') == std::string_view::npos) {
    result.value = std::string(text);
    return result;
  }
  Interpolator interpolator(lookup, strict, result);
  std::string out;
  if (interpolator.expand(text, out, 0)) result.value = std::move(out);
  return result;
}

std::vector<VariableRef> variables_in(std::string_view text) {
  std::vector<VariableRef> out;
  if (text.find('$') != std::string_view::npos) collect(text, out, 0);
  return out;
}

}  // namespace mocker::orchestrator::spec
