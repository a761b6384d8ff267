// Dockerfile instructions as `import --change` and `init --change` take them:
// CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE, LABEL, VOLUME, STOPSIGNAL.
#include <mocker/image/config.hpp>

#include <algorithm>
#include <cctype>

namespace mocker::engine::image {

namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

sys::Error bad(const std::string& change, const std::string& why) {
  return sys::Error::invalid("parse --change", change, why);
}

// ["a", "b"]: the exec form; anything else is the shell form, run by /bin/sh -c.
std::vector<std::string> command_form(const std::string& args) {
  if (args.starts_with("[")) {
    auto j = nlohmann::json::parse(args, nullptr, false);
    if (j.is_array() && std::all_of(j.begin(), j.end(), [](const auto& v) { return v.is_string(); }))
      return j.get<std::vector<std::string>>();
  }
  return {"/bin/sh", "-c", args};
}

// Words separated by blanks; "..." and '...' group, \ escapes the next
// character (outside single quotes), as the Dockerfile parser reads ENV and LABEL.
sys::Result<std::vector<std::string>> words(const std::string& change, const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    if (quote) {
      if (ch == quote) quote = 0;
      else if (ch == '\\' && quote == '"' && i + 1 < text.size()) cur += text[++i];
      else cur += ch;
    } else if (ch == '"' || ch == '\'') {
      quote = ch;
      in_word = true;
    } else if (ch == '\\' && i + 1 < text.size()) {
      cur += text[++i];
      in_word = true;
    } else if (std::isspace(static_cast<unsigned char>(ch))) {
      if (in_word) out.push_back(std::move(cur));
      cur.clear();
      in_word = false;
    } else {
      cur += ch;
      in_word = true;
    }
  }
  if (quote) return bad(change, "unterminated quote");
  if (in_word) out.push_back(std::move(cur));
  return out;
}

// KEY=VALUE pairs, or the legacy "KEY VALUE" form (one pair, the rest is the value).
sys::Result<std::vector<std::pair<std::string, std::string>>> pairs(const std::string& change, const std::string& args) {
  std::vector<std::pair<std::string, std::string>> out;
  auto first_blank = args.find_first_of(" \t");
  auto first_eq = args.find('=');
  if (first_eq == std::string::npos || (first_blank != std::string::npos && first_blank < first_eq)) {
    if (first_blank == std::string::npos) return bad(change, "expected KEY=VALUE or KEY VALUE");
    auto value = MOCKER_TRY(words(change, trim(args.substr(first_blank))));
    std::string joined;
    for (const auto& w : value) joined += (joined.empty() ? "" : " ") + w;
    out.emplace_back(args.substr(0, first_blank), joined);
    return out;
  }
  for (const auto& w : MOCKER_TRY(words(change, args))) {
    auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0) return bad(change, "expected KEY=VALUE, got \"" + w + "\"");
    out.emplace_back(w.substr(0, eq), w.substr(eq + 1));
  }
  return out;
}

void set_env(std::vector<std::string>& env, const std::string& key, const std::string& value) {
  auto it = std::find_if(env.begin(), env.end(), [&](const std::string& e) { return e.substr(0, e.find('=')) == key; });
  if (it != env.end()) *it = key + "=" + value;
  else env.push_back(key + "=" + value);
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

sys::Status apply_change(ImageConfig& config, const std::string& change) {
  std::string text = trim(change);
  size_t blank = text.find_first_of(" \t");
  std::string instruction = text.substr(0, blank);
  std::transform(instruction.begin(), instruction.end(), instruction.begin(), ::toupper);
  std::string args = blank == std::string::npos ? "" : trim(text.substr(blank));
  if (instruction.empty()) return bad(change, "empty instruction");
  if (args.empty()) return bad(change, instruction + " needs an argument");
  if (instruction == "CMD") {
    config.cmd = command_form(args);
  } else if (instruction == "ENTRYPOINT") {
    config.entrypoint = command_form(args);
  } else if (instruction == "ENV") {
    for (const auto& [k, v] : MOCKER_TRY(pairs(change, args))) set_env(config.env, k, v);
  } else if (instruction == "LABEL") {
    for (const auto& [k, v] : MOCKER_TRY(pairs(change, args))) config.labels[k] = v;
  } else if (instruction == "WORKDIR") {
    if (!args.starts_with("/")) return bad(change, "WORKDIR must be an absolute path");
    config.working_dir = args;
  } else if (instruction == "USER") {
    config.user = args;
  } else if (instruction == "STOPSIGNAL") {
    config.stop_signal = args;
  } else if (instruction == "EXPOSE") {
    for (auto port : MOCKER_TRY(words(change, args))) {
      if (port.find('/') == std::string::npos) port += "/tcp";
      auto number = port.substr(0, port.find('/'));
      auto proto = port.substr(port.find('/') + 1);
      if (number.empty() || number.find_first_not_of("0123456789-") != std::string::npos || (proto != "tcp" && proto != "udp" && proto != "sctp"))
        return bad(change, "expected PORT[/tcp|udp|sctp], got \"" + port + "\"");
      add_unique(config.exposed_ports, port);
    }
  } else if (instruction == "VOLUME") {
    auto list = args.starts_with("[") ? command_form(args) : MOCKER_TRY(words(change, args));
    if (args.starts_with("[") && list.size() == 3 && list[0] == "/bin/sh") return bad(change, "VOLUME: expected a JSON array of paths");
    for (const auto& v : list) add_unique(config.volumes, v);
  } else {
    return bad(change, "unsupported instruction " + instruction +
                           ": expected CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME or WORKDIR");
  }
  return sys::ok();
}

sys::Result<ImageConfig> apply_changes(ImageConfig config, const std::vector<std::string>& changes) {
  for (const auto& c : changes) MOCKER_TRY(apply_change(config, c));
  return config;
}

}  // namespace mocker::engine::image
