// docs/cli-reference.md against the programs' own command definitions: every
// command and flag the page calls ours exists, and every one that exists is
// on the page (scripts/gen-cli-reference.py writes it).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

struct Tree {
  std::set<std::string> commands;                          // "run", "network create"
  std::map<std::string, std::set<std::string>> options;    // "run" -> {"-d,--detach", ...}; "" -> global
};

Tree dump_of(const std::string& program) {
  Tree t;
  std::string command = std::string(MOCKER_BIN_DIR) + "/" + program + " __commands";
  FILE* p = ::popen(command.c_str(), "r");
  EXPECT_NE(p, nullptr) << command;
  if (!p) return t;
  std::string text;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
  EXPECT_EQ(::pclose(p), 0) << command;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    auto space = line.rfind(' ');
    std::string last = space == std::string::npos ? line : line.substr(space + 1);
    if (last.starts_with("-")) t.options[space == std::string::npos ? "" : line.substr(0, space)].insert(last);
    else t.commands.insert(line);
  }
  return t;
}

// What the page says of `binary`.
Tree page_of(const std::string& binary) {
  Tree t;
  std::ifstream in(std::string(MOCKER_SOURCE_DIR) + "/docs/cli-reference.md");
  EXPECT_TRUE(in) << "docs/cli-reference.md";
  const std::regex part("^## `([a-z-]+)`$"), commands("^### Commands$"), flags("^### `([a-z-]+) ?([a-z -]*)`.*$");
  const std::regex command_row("^\\| [^|]+ \\| `([a-z-]+) ([a-z -]+)` \\|$");
  const std::regex flag_row("^\\| ([^|]+) \\| [^|]+ \\| (yes|not yet) \\| [^|]*\\|$"), name("`(-[^`]+)`");
  std::string current, section;
  bool in_commands = false;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, part)) {
      current = m[1];
      in_commands = false;
    } else if (std::regex_match(line, commands)) {
      in_commands = true;
    } else if (std::regex_match(line, m, flags)) {
      in_commands = false;
      section = m[2];
    } else if (current != binary) {
      continue;
    } else if (in_commands && std::regex_match(line, m, command_row) && m[1] == binary) {
      t.commands.insert(m[2]);
    } else if (!in_commands && std::regex_match(line, m, flag_row) && m[2] == "yes") {
      std::string names, cell = m[1];
      for (std::sregex_iterator it(cell.begin(), cell.end(), name), end; it != end; ++it)
        names += (names.empty() ? "" : ",") + (*it)[1].str();
      t.options[section].insert(names);
    }
  }
  return t;
}

template <typename Set>
std::string missing(const Set& from, const Set& in) {
  std::string out;
  for (const auto& x : from)
    if (!in.contains(x)) out += " " + x;
  return out;
}

void expect_same(const std::string& binary) {
  Tree program = dump_of(binary), page = page_of(binary);
  ASSERT_FALSE(program.commands.empty()) << binary;
  EXPECT_EQ(missing(program.commands, page.commands), "")
      << binary << " commands not on the page (run scripts/gen-cli-reference.py)";
  EXPECT_EQ(missing(page.commands, program.commands), "") << binary << " commands on the page that do not exist";
  std::set<std::string> paths;
  for (const auto& [path, _] : program.options) paths.insert(path);
  for (const auto& [path, _] : page.options) paths.insert(path);
  for (const auto& path : paths) {
    EXPECT_EQ(missing(program.options[path], page.options[path]), "")
        << binary << " " << path << ": flags not on the page (run scripts/gen-cli-reference.py)";
    EXPECT_EQ(missing(page.options[path], program.options[path]), "")
        << binary << " " << path << ": flags on the page that do not exist";
  }
}

TEST(CliReference, MockerMatchesThePage) { expect_same("mocker"); }
TEST(CliReference, MockerComposeMatchesThePage) { expect_same("mocker-compose"); }

}  // namespace
