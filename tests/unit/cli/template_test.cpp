#include <mocker/cli/template.hpp>

#include <gtest/gtest.h>

using namespace mocker::cli;
using nlohmann::json;

namespace {

const json kRow = {{"ID", "0123456789ab"},
                   {"Names", "web"},
                   {"Labels", "a=1,b=two"},
                   {"State", {{"Status", "running"}, {"Pid", 42}}},
                   {"Config", {{"Labels", {{"k", "v"}}}, {"Env", {"A=1", "B=2"}}}}};

struct Case {
  std::string format;
  std::string expected;
};

TEST(Template, RendersTheSubsetPeopleUse) {
  const Case cases[] = {
      {"{{.Names}}", "web"},
      {"{{.ID}}\\t{{.Names}}", "0123456789ab\tweb"},
      {"{{.State.Status}}", "running"},
      {"{{.State.Pid}}", "42"},
      {"{{json .State}}", R"({"Pid":42,"Status":"running"})"},
      {"{{.Label \"b\"}}", "two"},
      {"{{.Label \"missing\"}}", ""},
      {"{{index .Config.Labels \"k\"}}", "v"},
      {"{{.Config.Labels.nothing}}", "<no value>"},
      {"{{join .Config.Env \",\"}}", "A=1,B=2"},
      {"{{upper .Names}}", "WEB"},
      {"{{len .Config.Env}}", "2"},
      {"{{.Config.Env}}", "[A=1 B=2]"},
      {"{{.Config.Labels}}", "map[k:v]"},
      {"a {{- .Names -}} b", "aweb" "b"},
      {"{{/* note */}}x", "x"},
      {"line\\nnext", "line\nnext"},
  };
  for (const auto& c : cases) {
    auto f = parse_format(c.format);
    ASSERT_EQ(f.kind, OutputFormat::Kind::custom) << c.format;
    auto out = render_template(f.text, kRow);
    ASSERT_TRUE(out) << c.format << ": " << out.error().render();
    EXPECT_EQ(*out, c.expected) << c.format;
  }
}

TEST(Template, ErrorsNameTheAction) {
  const std::string bad[] = {"{{.Bogus}}", "{{.Names", "{{frob .Names}}", "{{json}}", "{{\"open}}"};
  for (const auto& text : bad) {
    auto out = render_template(text, kRow);
    EXPECT_FALSE(out) << text;
  }
  auto out = render_template("{{.Bogus}}", kRow);
  ASSERT_FALSE(out);
  EXPECT_NE(out.error().render().find("Bogus"), std::string::npos) << out.error().render();
}

TEST(Template, NamedFormats) {
  EXPECT_EQ(parse_format("").kind, OutputFormat::Kind::table);
  EXPECT_EQ(parse_format("table").kind, OutputFormat::Kind::table);
  EXPECT_EQ(parse_format("json").kind, OutputFormat::Kind::json);
  auto t = parse_format("table {{.ID}}\\t{{.Names}}");
  EXPECT_EQ(t.kind, OutputFormat::Kind::custom);
  EXPECT_TRUE(t.with_header);
  EXPECT_EQ(t.text, "{{.ID}}\t{{.Names}}");
}

TEST(Template, RowsAsJsonLinesOrAlignedTable) {
  std::vector<json> rows = {{{"ID", "1"}, {"Names", "a-long-name"}}, {{"ID", "22"}, {"Names", "b"}}};
  json headers = {{"ID", "CONTAINER ID"}, {"Names", "NAMES"}};
  auto lines = render_rows(parse_format("json"), rows, headers);
  ASSERT_TRUE(lines);
  EXPECT_EQ(*lines, "{\"ID\":\"1\",\"Names\":\"a-long-name\"}\n{\"ID\":\"22\",\"Names\":\"b\"}\n");
  auto table = render_rows(parse_format("table {{.ID}}\\t{{.Names}}"), rows, headers);
  ASSERT_TRUE(table);
  EXPECT_EQ(*table, "CONTAINER ID   NAMES\n1              a-long-name\n22             b\n");
  auto plain = render_rows(parse_format("{{.Names}}"), rows, headers);
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, "a-long-name\nb\n");
  auto whole = render_rows(parse_format("{{json .}}"), {rows[0]}, headers);
  ASSERT_TRUE(whole);
  EXPECT_EQ(*whole, "{\"ID\":\"1\",\"Names\":\"a-long-name\"}\n");
}

}  // namespace
