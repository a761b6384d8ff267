#include <mocker/cli/output.hpp>
#include <mocker/cli/template.hpp>

#include <algorithm>
#include <cctype>

namespace mocker::cli {

namespace sys = engine::sys;
using nlohmann::json;

namespace {

std::string replace_escapes(std::string s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 't' || s[i + 1] == 'n')) {
      out += s[i + 1] == 't' ? '\t' : '\n';
      ++i;
    } else {
      out += s[i];
    }
  }
  return out;
}

sys::Error template_error(const std::string& action, const std::string& why) {
  return sys::Error::invalid("format", "{{" + action + "}}", why);
}

struct Token {
  enum Kind { path, word, string } kind;
  std::string text;
};

sys::Result<std::vector<Token>> tokenize(const std::string& action) {
  std::vector<Token> out;
  for (size_t i = 0; i < action.size();) {
    char c = action[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '"') {
      std::string s;
      size_t j = i + 1;
      for (; j < action.size() && action[j] != '"'; ++j) {
        if (action[j] == '\\' && j + 1 < action.size()) ++j;
        s += action[j];
      }
      if (j >= action.size()) return template_error(action, "unterminated string");
      out.push_back({Token::string, s});
      i = j + 1;
    } else {
      size_t j = i;
      while (j < action.size() && !std::isspace(static_cast<unsigned char>(action[j])) && action[j] != '"') ++j;
      std::string w = action.substr(i, j - i);
      out.push_back({w[0] == '.' ? Token::path : Token::word, w});
      i = j;
    }
  }
  return out;
}

// Go's text/template printing of a value.
std::string print(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_null()) return "<no value>";
  if (v.is_array()) {
    std::string out = "[";
    for (size_t i = 0; i < v.size(); ++i) out += (i ? " " : "") + print(v[i]);
    return out + "]";
  }
  if (v.is_object()) {
    std::string out = "map[";
    bool first = true;
    for (const auto& [k, x] : v.items()) {
      out += (first ? "" : " ") + k + ":" + print(x);
      first = false;
    }
    return out + "]";
  }
  return v.dump();
}

sys::Result<json> lookup(const std::string& action, const std::string& path, const json& data) {
  if (path == ".") return data;
  const json* at = &data;
  size_t depth = 0;
  for (size_t i = 1; i <= path.size();) {
    size_t end = path.find('.', i);
    if (end == std::string::npos) end = path.size();
    std::string field = path.substr(i, end - i);
    if (field.empty()) return template_error(action, "bad field path " + path);
    if (!at->is_object()) return template_error(action, "can't evaluate field " + field + " in a " + std::string(at->type_name()));
    auto it = at->find(field);
    if (it == at->end()) {
      // A record's own fields are known; a missing key deeper down (a label, say) has no value, as in Go.
      if (depth == 0) return template_error(action, "can't evaluate field " + field);
      return json();
    }
    at = &*it;
    ++depth;
    i = end + 1;
  }
  return *at;
}

// Labels as docker's list rows carry them ("a=b,c=d") or as an object.
json label_value(const json& labels, const std::string& key) {
  if (labels.is_object()) return labels.value(key, json(""));
  if (!labels.is_string()) return json("");
  std::string text = labels.get<std::string>();
  for (size_t i = 0; i <= text.size();) {
    size_t end = text.find(',', i);
    if (end == std::string::npos) end = text.size();
    std::string kv = text.substr(i, end - i);
    auto eq = kv.find('=');
    if (kv.substr(0, eq) == key) return json(eq == std::string::npos ? "" : kv.substr(eq + 1));
    i = end + 1;
  }
  return json("");
}

sys::Result<json> argument(const std::string& action, const Token& t, const json& data) {
  if (t.kind == Token::string) return json(t.text);
  if (t.kind == Token::path) return lookup(action, t.text, data);
  return template_error(action, "expected a field or a string, got " + t.text);
}

sys::Result<json> evaluate(const std::string& action, const json& data) {
  auto tokens = MOCKER_TRY(tokenize(action));
  if (tokens.empty()) return template_error(action, "empty action");
  const Token& head = tokens[0];
  auto arity = [&](size_t n) -> sys::Status {
    if (tokens.size() != n + 1) return template_error(action, head.text + " takes " + std::to_string(n) + " argument(s)");
    return sys::ok();
  };
  if (head.kind == Token::path) {
    if (tokens.size() == 1) return lookup(action, head.text, data);
    if (head.text == ".Label" && tokens.size() == 2 && tokens[1].kind == Token::string)
      return label_value(data.value("Labels", json()), tokens[1].text);
    return template_error(action, "can't call " + head.text + " with arguments");
  }
  if (head.kind == Token::string && tokens.size() == 1) return json(head.text);
  if (head.text == "json") {
    MOCKER_TRY(arity(1));
    return json(MOCKER_TRY(argument(action, tokens[1], data)).dump());
  }
  if (head.text == "upper" || head.text == "lower" || head.text == "len") {
    MOCKER_TRY(arity(1));
    json v = MOCKER_TRY(argument(action, tokens[1], data));
    if (head.text == "len") return json(v.is_string() ? v.get<std::string>().size() : v.size());
    std::string s = print(v);
    for (auto& c : s) c = static_cast<char>(head.text == "upper" ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
    return json(s);
  }
  if (head.text == "index") {
    if (tokens.size() < 3) return template_error(action, "index takes a map and keys");
    json v = MOCKER_TRY(argument(action, tokens[1], data));
    for (size_t i = 2; i < tokens.size(); ++i) {
      json key = MOCKER_TRY(argument(action, tokens[i], data));
      if (v.is_object() && key.is_string()) v = v.value(key.get<std::string>(), json());
      else if (v.is_array() && key.is_number_integer() && key.get<size_t>() < v.size()) v = v[key.get<size_t>()];
      else return template_error(action, "can't index " + print(v) + " with " + print(key));
    }
    return v;
  }
  if (head.text == "join") {
    MOCKER_TRY(arity(2));
    json list = MOCKER_TRY(argument(action, tokens[1], data));
    json sep = MOCKER_TRY(argument(action, tokens[2], data));
    if (!list.is_array()) return template_error(action, "join needs a list");
    std::string out;
    for (size_t i = 0; i < list.size(); ++i) out += (i ? print(sep) : "") + print(list[i]);
    return json(out);
  }
  return template_error(action, "function \"" + head.text + "\" not defined");
}

std::string rtrim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  return s;
}

}  // namespace

OutputFormat parse_format(const std::string& flag) {
  OutputFormat f;
  if (flag.empty() || flag == "table") return f;
  if (flag == "json") {
    f.kind = OutputFormat::Kind::json;
    return f;
  }
  f.kind = OutputFormat::Kind::custom;
  std::string text = flag;
  if (text.starts_with("table")) {
    f.with_header = true;
    text = text.substr(5);
  }
  size_t first = text.find_first_not_of(' ');
  text = first == std::string::npos ? "" : text.substr(first);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  f.text = replace_escapes(text);
  return f;
}

sys::Result<std::string> render_template(const std::string& text, const json& data) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find("{{", i);
    if (open == std::string::npos) {
      out += text.substr(i);
      break;
    }
    size_t close = text.find("}}", open + 2);
    if (close == std::string::npos) return template_error(text.substr(open + 2), "unclosed action");
    out += text.substr(i, open - i);
    std::string action = text.substr(open + 2, close - open - 2);
    bool trim_left = action.starts_with("- "), trim_right = action.ends_with(" -");
    if (trim_left) {
      action = action.substr(2);
      out = rtrim(out);
    }
    if (trim_right) action = action.substr(0, action.size() - 2);
    i = close + 2;
    if (trim_right)
      while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (action.starts_with("/*")) continue;  // a comment
    out += print(MOCKER_TRY(evaluate(action, data)));
  }
  return out;
}

sys::Result<std::string> render_rows(const OutputFormat& format, const std::vector<json>& rows, const json& headers) {
  std::string out;
  if (format.kind == OutputFormat::Kind::json) {
    for (const auto& r : rows) out += r.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
    return out;
  }
  if (!format.with_header) {
    for (const auto& r : rows) out += MOCKER_TRY(render_template(format.text, r)) + "\n";
    return out;
  }
  // A header over fields the header map lacks renders them empty, as a title.
  json titles = json::object();
  for (const auto& r : rows)
    for (const auto& [k, v] : r.items()) titles[k] = "";
  if (rows.empty() && headers.is_object()) titles = json::object();
  for (const auto& [k, v] : headers.items()) titles[k] = v;
  std::vector<std::string> lines{MOCKER_TRY(render_template(format.text, titles))};
  for (const auto& r : rows) lines.push_back(MOCKER_TRY(render_template(format.text, r)));
  std::vector<std::vector<std::string>> cells;
  for (const auto& text : lines) {
    for (size_t start = 0, row = 0; start <= text.size(); ++row) {
      size_t nl = text.find('\n', start);
      std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
      std::vector<std::string> cols;
      for (size_t c = 0; c <= line.size();) {
        size_t tab = line.find('\t', c);
        cols.push_back(line.substr(c, tab == std::string::npos ? std::string::npos : tab - c));
        if (tab == std::string::npos) break;
        c = tab + 1;
      }
      cells.push_back(cols);
      if (nl == std::string::npos) break;
      start = nl + 1;
    }
  }
  Table table(cells.empty() ? std::vector<std::string>{} : cells[0]);
  for (size_t r = 1; r < cells.size(); ++r) table.add(cells[r]);
  return table.render();
}

}  // namespace mocker::cli
