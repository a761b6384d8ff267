// Text forms of a document: block-style YAML (quoting only what YAML would read as
// something else) and indented JSON. Both are valid input for -f.
#include <mocker/spec/serialize.hpp>

#include <openssl/evp.h>

namespace mocker::orchestrator::spec {

namespace {

using json = nlohmann::json;

// Invalid UTF-8 must not make the dump throw; it is replaced instead.
std::string dump(const json& j, int indent = -1) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

json escape_dollars(const json& j) {
  if (j.is_string()) {
    const std::string& s = j.get_ref<const std::string&>();
    if (s.find('$') == std::string::npos) return j;
    std::string out;
    for (char c : s) {
      out += c;
      if (c == '$') out += '$';
    }
    return out;
  }
  if (j.is_array()) {
    json out = json::array();
    for (const auto& item : j) out.push_back(escape_dollars(item));
    return out;
  }
  if (j.is_object()) {
    json out = json::object();
    for (const auto& [k, v] : j.items()) out[k] = escape_dollars(v);
    return out;
  }
  return j;
}

bool lower_equals(const std::string& s, std::string_view word) {
  if (s.size() != word.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if (c != word[i]) return false;
  }
  return true;
}

// Would a YAML reader take this plain scalar for a number, bool or null?
bool looks_typed(const std::string& s) {
  for (std::string_view w : {"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~", ".inf", "-.inf",
                             "+.inf", ".nan"})
    if (lower_equals(s, w)) return true;
  std::string_view v(s);
  if (v[0] == '-' || v[0] == '+') v.remove_prefix(1);
  auto all_of = [](std::string_view t, std::string_view chars) {
    return !t.empty() && t.find_first_not_of(chars) == std::string_view::npos;
  };
  if (v.size() > 2 && v[0] == '0' && (v[1] == 'x' || v[1] == 'X')) return all_of(v.substr(2), "0123456789abcdefABCDEF");
  if (v.size() > 2 && v[0] == '0' && v[1] == 'o') return all_of(v.substr(2), "01234567");
  // decimal, float, exponent and YAML 1.1 sexagesimal forms, conservatively
  return all_of(v, "0123456789._eE+-:") && v.find_first_of("0123456789") != std::string_view::npos;
}

bool plain_safe(const std::string& s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ' || s.back() == ':') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`<=~").find(s.front()) != std::string_view::npos) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c >= 0x7f) return false;
    if (c == ':' && i + 1 < s.size() && s[i + 1] == ' ') return false;
    if (c == '#' && i > 0 && s[i - 1] == ' ') return false;
    if (c == '{' || c == '}' || c == '[' || c == ']') return false;
  }
  return !looks_typed(s);
}

std::string key_text(const std::string& k) { return plain_safe(k) ? k : dump(json(k)); }

class YamlEmitter {
 public:
  explicit YamlEmitter(bool escape) : escape_(escape) {}

  void map(const json& m, int indent, bool first_inline = false) {
    bool first = true;
    for (const auto& [k, v] : m.items()) {
      std::string key = key_text(k);
      // YAML limits implicit keys to 1024 characters; longer ones need "? key".
      bool explicit_key = key.size() > 1000;
      if (first && first_inline && explicit_key) {
        if (!out.empty() && out.back() == ' ') out.pop_back();
        out += '\n';
      }
      if (!(first && first_inline) || explicit_key) out.append(static_cast<size_t>(indent), ' ');
      first = false;
      if (explicit_key) {
        out += "? " + key + '\n';
        out.append(static_cast<size_t>(indent), ' ');
      } else {
        out += key;
      }
      out += ':';
      value(v, indent);
    }
  }

  void seq(const json& a, int indent) {
    for (const auto& item : a) {
      out.append(static_cast<size_t>(indent), ' ');
      out += '-';
      if (item.is_object() && !item.empty()) {
        out += ' ';
        map(item, indent + 2, /*first_inline=*/true);
      } else if (item.is_array() && !item.empty()) {
        out += '\n';
        seq(item, indent + 2);
      } else {
        out += ' ';
        out += scalar(item);
        out += '\n';
      }
    }
  }

  std::string scalar(const json& v) const {
    if (v.is_string()) {
      const std::string& raw = v.get_ref<const std::string&>();
      if (escape_ && raw.find('$') != std::string::npos) return text(escape_dollars(v).get_ref<const std::string&>());
      return text(raw);
    }
    if (v.is_object()) return "{}";
    if (v.is_array()) return "[]";
    return dump(v);
  }

  std::string out;

 private:
  static std::string text(const std::string& s) { return plain_safe(s) ? s : dump(json(s)); }

  void value(const json& v, int indent) {
    if (v.is_object() && !v.empty()) {
      out += '\n';
      map(v, indent + 2);
    } else if (v.is_array() && !v.empty()) {
      out += '\n';
      seq(v, indent + 2);
    } else {
      out += ' ';
      out += scalar(v);
      out += '\n';
    }
  }

  bool escape_;
};

json for_hash(const Service& s) {
  json j = to_json(s);
  for (const char* key : {"scale", "depends_on", "profiles", "build", "pull_policy"}) j.erase(key);
  if (auto it = j.find("deploy"); it != j.end()) {
    it->erase("replicas");
    if (it->empty()) j.erase(it);
  }
  return j;
}

}  // namespace

std::string to_yaml_text(const nlohmann::json& document, const TextOptions& options) {
  YamlEmitter e(options.escape_dollars);
  if (document.is_object() && !document.empty()) {
    e.map(document, 0);
  } else if (document.is_array() && !document.empty()) {
    e.seq(document, 0);
  } else {
    e.out = e.scalar(document) + "\n";
  }
  return std::move(e.out);
}

std::string to_json_text(const nlohmann::json& document, const TextOptions& options) {
  return dump(options.escape_dollars ? escape_dollars(document) : document, 2) + "\n";
}

std::string config_hash(const Service& service) {
  std::string canonical = dump(for_hash(service));
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(canonical.data(), canonical.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

}  // namespace mocker::orchestrator::spec
