#include <mocker/cli/operands.hpp>

namespace mocker::cli {

namespace {

const CLI::App* find_subcommand(const CLI::App& app, const std::string& name) {
  auto found = app.get_subcommands([&](const CLI::App* s) { return s->check_name(name); });
  return found.empty() ? nullptr : found.front();
}

bool takes_value(const CLI::Option& o) { return o.get_items_expected_max() > 0; }  // flags expect 0

// One option word: how many following words it consumes, or why it is unknown.
struct OptionWord {
  std::optional<std::string> unknown;
  size_t consumes = 0;
};

OptionWord read_option(const CLI::App& app, const std::string& word) {
  if (word.starts_with("--")) {
    std::string name = word.substr(0, word.find('='));
    const CLI::Option* o = app.get_option_no_throw(name);
    if (!o) return {"unknown flag: " + name, 0};
    return {std::nullopt, takes_value(*o) && name.size() == word.size() ? 1u : 0u};
  }
  // -it, -e KEY=V, -eKEY=V: flags, then at most one option that takes the rest.
  for (size_t j = 1; j < word.size(); ++j) {
    const CLI::Option* o = app.get_option_no_throw(std::string{'-', word[j]});
    if (!o) return {"unknown shorthand flag: '" + std::string(1, word[j]) + "' in " + word, 0};
    if (takes_value(*o)) return {std::nullopt, j + 1 == word.size() ? 1u : 0u};
  }
  return {};
}

struct Walk {
  std::string path;
  std::optional<UsageError> error;
};

Walk walk(const CLI::App& root, std::vector<std::string>& args, bool fix) {
  Walk w;
  const CLI::App* app = &root;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& word = args[i];
    bool operand_command = app != &root && (app->get_prefix_command() || app->get_positionals_at_end());
    if (word == "--") {
      if (fix && operand_command && i + 1 < args.size()) args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      return w;
    }
    if (word.size() > 1 && word[0] == '-') {
      OptionWord o = read_option(*app, word);
      if (o.unknown) {
        if (operand_command) w.error = UsageError{w.path, *o.unknown};
        if (operand_command) return w;
        continue;  // CLI11 reports it
      }
      i += o.consumes;
      continue;
    }
    if (operand_command) return w;  // the operand: the rest is the command's
    if (const CLI::App* sub = find_subcommand(*app, word)) {
      app = sub;
      w.path += (w.path.empty() ? "" : " ") + sub->get_name();
    }
  }
  return w;
}

}  // namespace

std::optional<UsageError> check_operand_commands(const CLI::App& root, std::vector<std::string>& args) {
  return walk(root, args, true).error;
}

std::string selected_command(const CLI::App& root, const std::vector<std::string>& args) {
  std::vector<std::string> copy = args;
  return walk(root, copy, false).path;
}

}  // namespace mocker::cli
