#include <mocker/cli/commands_dump.hpp>

#include <iostream>

namespace mocker::cli {

namespace {

// "-d,--detach"; empty for a positional.
std::string names(const CLI::Option& o) {
  std::string out;
  for (const auto& s : o.get_snames()) out += (out.empty() ? "-" : ",-") + s;
  for (const auto& l : o.get_lnames()) out += (out.empty() ? "--" : ",--") + l;
  return out;
}

void dump_options(const CLI::App& app, const std::string& path, std::string& out) {
  for (const CLI::Option* o : app.get_options()) {
    bool help = o == app.get_help_ptr() || o == app.get_help_all_ptr();  // every command has it
    if (help || o->get_group().empty() || names(*o).empty()) continue;
    out += (path.empty() ? "" : path + " ") + names(*o) + "\n";
  }
}

void dump(const CLI::App& app, const std::string& path, std::string& out) {
  if (!path.empty()) {
    out += path + "\n";
    dump_options(app, path, out);
  }
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); })) {
    std::vector<std::string> names{sub->get_name()};
    for (const auto& alias : sub->get_aliases()) names.push_back(alias);  // `load` for `import`: docker's name
    for (const auto& name : names) dump(*sub, path.empty() ? name : path + " " + name, out);
  }
}

}  // namespace

std::string dump_commands(const CLI::App& root) {
  std::string out;
  dump_options(root, "", out);
  dump(root, "", out);
  return out;
}

void add_commands_dump(CLI::App& root) {
  auto* cmd = root.add_subcommand("__commands", "Print the command tree");
  cmd->group("");
  cmd->callback([&root] { std::cout << dump_commands(root); });
}

}  // namespace mocker::cli
