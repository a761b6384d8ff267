#include <mocker/spec/dotenv.hpp>

#include <gtest/gtest.h>

#include <map>

namespace mocker::orchestrator::spec {
namespace {

struct Case {
  const char* name;
  const char* text;
  EnvList expected;
  const char* error = nullptr;  // substring of the first diagnostic
  int error_line = 0;
};

Lookup shell() {
  return [](const std::string& name) -> std::optional<std::string> {
    if (name == "SHELL_VAR") return std::string("from-shell");
    if (name == "A") return std::string("shell-a");
    return std::nullopt;
  };
}

class DotenvTest : public ::testing::TestWithParam<Case> {};

TEST_P(DotenvTest, Parses) {
  const Case& c = GetParam();
  Diagnostics errors;
  EnvList vars = parse_dotenv(c.text, "test.env", shell(), errors);
  EXPECT_EQ(vars, c.expected);
  if (c.error) {
    ASSERT_FALSE(errors.empty());
    EXPECT_NE(errors[0].message.find(c.error), std::string::npos) << errors[0].message;
    EXPECT_EQ(errors[0].line, c.error_line);
    EXPECT_EQ(errors[0].file, "test.env");
  } else {
    EXPECT_TRUE(errors.empty()) << render(errors);
  }
}

using P = std::pair<std::string, std::string>;

INSTANTIATE_TEST_SUITE_P(Syntax, DotenvTest, ::testing::Values(
    Case{"simple", "X=1\nY=two words\n", {P{"X", "1"}, P{"Y", "two words"}}},
    Case{"blank_and_comments", "\n# comment\n  # indented\nX=1\n\n", {P{"X", "1"}}},
    Case{"inline_comment_needs_space", "X=1 # c\nY=1# kept\nZ=#kept", {P{"X", "1"}, P{"Y", "1# kept"}, P{"Z", "#kept"}}},
    Case{"export", "export X=1\nexport\tY=2", {P{"X", "1"}, P{"Y", "2"}}},
    Case{"crlf", "X=1\r\nY=2\r\n", {P{"X", "1"}, P{"Y", "2"}}},
    Case{"spaces_around", "  X = 1  \n", {P{"X", "1"}}},
    Case{"empty_value", "X=\nY=''\nZ=\"\"", {P{"X", ""}, P{"Y", ""}, P{"Z", ""}}},
    Case{"yaml_style", "X: 1", {P{"X", "1"}}},
    Case{"single_quotes_literal", "X='$SHELL_VAR ${A} \\n'", {P{"X", "$SHELL_VAR ${A} \\n"}}},
    Case{"single_quote_escape", "X='Let\\'s go!'", {P{"X", "Let's go!"}}},
    Case{"double_quote_escapes", "X=\"a\\tb\\nc\\\\d\\\"e\\$f\"", {P{"X", "a\tb\nc\\d\"e$f"}}},
    Case{"double_quote_unknown_escape", "X=\"a\\qb\"", {P{"X", "a\\qb"}}},
    Case{"quoted_comment_rules", "X=\"v # not a comment\" # comment\nY='v' # c", {P{"X", "v # not a comment"}, P{"Y", "v"}}},
    Case{"json_value", "X=\"{\\\"hello\\\": \\\"json\\\"}\"", {P{"X", "{\"hello\": \"json\"}"}}},
    Case{"multiline_single", "X='line1\nline2'\nY=2", {P{"X", "line1\nline2"}, P{"Y", "2"}}},
    Case{"multiline_double", "X=\"l1\nl2 $SHELL_VAR\"\nY=2", {P{"X", "l1\nl2 from-shell"}, P{"Y", "2"}}},
    Case{"unquoted_backslash_literal", "X=some\\tvalue", {P{"X", "some\\tvalue"}}},
    Case{"dots_and_dashes_in_keys", "a.b-c=1", {P{"a.b-c", "1"}}}));

INSTANTIATE_TEST_SUITE_P(Expansion, DotenvTest, ::testing::Values(
    Case{"earlier_entries", "X=1\nY=${X}2\nZ=\"$X-$Y\"", {P{"X", "1"}, P{"Y", "12"}, P{"Z", "1-12"}}},
    Case{"shell_wins", "A=file\nB=$A", {P{"A", "file"}, P{"B", "shell-a"}}},
    Case{"defaults", "X=${NOPE:-dflt}\nY=${NOPE-}", {P{"X", "dflt"}, P{"Y", ""}}},
    Case{"stray_dollar_kept", "X=pa$1word$", {P{"X", "pa$1word$"}}},
    Case{"unset_is_empty", "X=a${NOPE}b", {P{"X", "ab"}}},
    Case{"bare_key_inherits", "SHELL_VAR\nNOPE\nX=1", {P{"SHELL_VAR", "from-shell"}, P{"X", "1"}}}));

INSTANTIATE_TEST_SUITE_P(Errors, DotenvTest, ::testing::Values(
    Case{"unterminated_single", "X=1\nY='open", {P{"X", "1"}}, "unterminated single-quoted value", 2},
    Case{"unterminated_double", "Y=\"open\n\n", {}, "unterminated double-quoted value", 1},
    Case{"bad_key", "X=1\nMY VAR=1", {P{"X", "1"}}, "unexpected character 'V' in variable name", 2},
    Case{"text_after_quote", "X='a' b", {}, "after the closing quote", 1},
    Case{"required_missing", "X=1\nY=${NOPE:?set NOPE}", {P{"X", "1"}}, "required variable NOPE is missing a value: set NOPE", 2},
    Case{"empty_key", "=1", {}, "in variable name", 1}));

TEST(DotenvRaw, TakesValuesLiterally) {
  EnvList vars = parse_dotenv_raw("# c\nA='$x' \"y\"\n\nB=${C}\nnoequals\n");
  EXPECT_EQ(vars, (EnvList{{"A", "'$x' \"y\""}, {"B", "${C}"}}));
}

}  // namespace
}  // namespace mocker::orchestrator::spec
