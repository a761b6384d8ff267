#include <mocker/spec/dotenv.hpp>

namespace mocker::orchestrator::spec {

namespace {

bool key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

std::string describe(char c) {
  if (c == '\'' ) return "\"'\"";
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
    return "byte " + std::to_string(static_cast<unsigned char>(c));
  return std::string("'") + c + "'";
}

class DotenvParser {
 public:
  DotenvParser(std::string_view text, const std::string& file, const Lookup& lookup, Diagnostics& errors)
      : t_(text), file_(file), lookup_(lookup), errors_(errors) {}

  EnvList run() {
    while (i_ < t_.size()) {
      skip_blank();
      if (i_ >= t_.size()) break;
      char c = t_[i_];
      if (c == '\n') {
        ++line_;
        ++i_;
      } else if (c == '\r') {
        ++i_;
      } else if (c == '#') {
        skip_to_eol();
      } else if (!entry()) {
        break;  // one syntax error ends the file: what follows cannot be trusted
      }
    }
    return std::move(out_);
  }

 private:
  bool entry() {
    int line = line_;
    if (t_.substr(i_, 6) == "export" && i_ + 6 < t_.size() && (t_[i_ + 6] == ' ' || t_[i_ + 6] == '\t')) {
      i_ += 6;
      skip_blank();
    }
    size_t begin = i_;
    while (i_ < t_.size() && key_char(t_[i_])) ++i_;
    std::string key(t_.substr(begin, i_ - begin));
    skip_blank();
    bool at_end = i_ >= t_.size() || t_[i_] == '\n' || t_[i_] == '\r' || t_[i_] == '#';
    if (key.empty() || (!at_end && t_[i_] != '=' && t_[i_] != ':')) {
      return error(line, "unexpected character " + describe(i_ < t_.size() ? t_[i_] : ' ') +
                             " in variable name");
    }
    if (at_end) {  // bare KEY: inherit from the environment
      if (auto v = lookup_(key)) out_.emplace_back(key, *v);
      skip_to_eol();
      return true;
    }
    ++i_;
    skip_blank();
    std::optional<std::string> value;
    if (i_ < t_.size() && t_[i_] == '\'') {
      value = single_quoted(line);
    } else if (i_ < t_.size() && t_[i_] == '"') {
      value = double_quoted(line);
    } else {
      value = unquoted(line);
    }
    if (!value) return false;
    out_.emplace_back(std::move(key), std::move(*value));
    return true;
  }

  std::optional<std::string> single_quoted(int line) {
    std::string value;
    size_t j = i_ + 1;
    for (; j < t_.size(); ++j) {
      char c = t_[j];
      if (c == '\\' && j + 1 < t_.size() && t_[j + 1] == '\'') {
        value += '\'';
        ++j;
      } else if (c == '\'') {
        break;
      } else {
        if (c == '\n') ++line_;
        value += c;
      }
    }
    if (j >= t_.size()) return fail(line, "unterminated single-quoted value");
    i_ = j + 1;
    if (!after_quote()) return std::nullopt;
    return value;
  }

  std::optional<std::string> double_quoted(int line) {
    std::string raw;  // escapes resolved, '$' still to be expanded
    size_t j = i_ + 1;
    for (; j < t_.size(); ++j) {
      char c = t_[j];
      if (c == '\\' && j + 1 < t_.size()) {
        char e = t_[++j];
        switch (e) {
          case 'n': raw += '\n'; break;
          case 't': raw += '\t'; break;
          case 'r': raw += '\r'; break;
          case '\\': raw += '\\'; break;
          case '"': raw += '"'; break;
          case '$': raw += "$$"; break;  // stays a literal '$' after expansion
          default:
            raw += '\\';
            raw += e;
            if (e == '\n') ++line_;
        }
      } else if (c == '"') {
        break;
      } else {
        if (c == '\n') ++line_;
        raw += c;
      }
    }
    if (j >= t_.size()) return fail(line, "unterminated double-quoted value");
    i_ = j + 1;
    if (!after_quote()) return std::nullopt;
    return expand(raw, line);
  }

  std::optional<std::string> unquoted(int line) {
    size_t begin = i_;
    while (i_ < t_.size() && t_[i_] != '\n') ++i_;
    std::string_view raw = t_.substr(begin, i_ - begin);
    // A comment starts at '#' preceded by blank space; "a#b" keeps its '#'.
    for (size_t k = 1; k < raw.size(); ++k) {
      if (raw[k] == '#' && (raw[k - 1] == ' ' || raw[k - 1] == '\t')) {
        raw = raw.substr(0, k);
        break;
      }
    }
    bool after_blank = begin > 0 && (t_[begin - 1] == ' ' || t_[begin - 1] == '\t');
    if (!raw.empty() && raw[0] == '#' && after_blank) raw = {};
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r'))
      raw.remove_suffix(1);
    return expand(raw, line);
  }

  // After a closing quote only blank space and a comment may follow on the line.
  bool after_quote() {
    skip_blank();
    if (i_ < t_.size() && t_[i_] != '\n' && t_[i_] != '\r' && t_[i_] != '#')
      return error(line_, "unexpected character " + describe(t_[i_]) + " after the closing quote");
    skip_to_eol();
    return true;
  }

  std::optional<std::string> expand(std::string_view raw, int line) {
    Lookup chained = [this](const std::string& name) -> std::optional<std::string> {
      if (auto v = lookup_(name)) return v;
      for (auto it = out_.rbegin(); it != out_.rend(); ++it)
        if (it->first == name) return it->second;
      return std::nullopt;
    };
    Interpolation r = interpolate(raw, chained, /*strict=*/false);
    if (!r.ok()) return fail(line, r.error);
    return std::move(r.value);
  }

  void skip_blank() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\t')) ++i_;
  }
  void skip_to_eol() {
    while (i_ < t_.size() && t_[i_] != '\n') ++i_;
  }

  bool error(int line, std::string message) {
    errors_.push_back(Diagnostic{file_, line, 1, "", std::move(message)});
    return false;
  }
  std::optional<std::string> fail(int line, std::string message) {
    error(line, std::move(message));
    return std::nullopt;
  }

  std::string_view t_;
  const std::string& file_;
  const Lookup& lookup_;
  Diagnostics& errors_;
  size_t i_ = 0;
  int line_ = 1;
  EnvList out_;
};

}  // namespace

EnvList parse_dotenv(std::string_view text, const std::string& file, const Lookup& lookup,
                     Diagnostics& errors) {
  return DotenvParser(text, file, lookup, errors).run();
}

EnvList parse_dotenv_raw(std::string_view text) {
  EnvList out;
  while (!text.empty()) {
    size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    out.emplace_back(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
  }
  return out;
}

}  // namespace mocker::orchestrator::spec
