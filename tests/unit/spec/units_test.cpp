#include <mocker/spec/project_name.hpp>
#include <mocker/spec/units.hpp>

#include <gtest/gtest.h>

namespace mocker::orchestrator::spec {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesGoSyntax) {
  struct {
    const char* text;
    std::optional<Duration> expected;
  } cases[] = {
      {"0", 0ns},           {"10s", 10s},        {"1m30s", 90s},      {"1h", 1h},
      {"1.5s", 1500ms},     {"500ms", 500ms},    {"10us", 10us},      {"10\xc2\xb5s", 10us},
      {"7ns", 7ns},         {"2h45m", 165min},   {"+5s", 5s},         {".5s", 500ms},
      {"", std::nullopt},   {"10", std::nullopt}, {"-5s", std::nullopt}, {"5x", std::nullopt},
      {"s", std::nullopt},  {"1.s", 1s},         {"99999999999h", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_duration(c.text), c.expected) << c.text;
}

TEST(Duration, FormatsCanonicallyAndReadsBack) {
  for (Duration d : {Duration(0), Duration(1500ms), Duration(90s), Duration(1h), Duration(3723s), Duration(7ns),
                     Duration(1h + 1ms + 1us)}) {
    std::string text = format_duration(d);
    EXPECT_EQ(parse_duration(text), d) << text;
  }
  EXPECT_EQ(format_duration(90s), "1m30s");
  EXPECT_EQ(format_duration(1500ms), "1s500ms");
  EXPECT_EQ(format_duration(0s), "0s");
}

TEST(Bytes, ParsesDockerUnits) {
  struct {
    const char* text;
    std::optional<int64_t> expected;
  } cases[] = {
      {"1024", 1024},         {"1k", 1024},           {"1K", 1024},      {"1kb", 1024},
      {"512m", 512LL << 20},  {"2g", 2LL << 30},      {"2GB", 2LL << 30}, {"1gib", 1LL << 30},
      {"1.5g", 3LL << 29},    {"10 m", 10LL << 20},   {"7b", 7},          {"", std::nullopt},
      {"-1", std::nullopt},   {"1q", std::nullopt},   {"m", std::nullopt}, {"99999999p", std::nullopt},
  };
  for (const auto& c : cases) EXPECT_EQ(parse_bytes(c.text), c.expected) << c.text;
}

TEST(Ports, ParsesRanges) {
  EXPECT_EQ(parse_port_range("80")->start, 80);
  auto r = parse_port_range("8000-8010");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->start, 8000);
  EXPECT_EQ(r->end, 8010);
  EXPECT_EQ(r->size(), 11u);
  for (const char* bad : {"", "0", "65536", "10-5", "a", "1-", "-1", "123456"})
    EXPECT_FALSE(parse_port_range(bad)) << bad;
  EXPECT_TRUE(parse_port_range("0", true));
  EXPECT_EQ(format_port_range(80, 80), "80");
  EXPECT_EQ(format_port_range(80, 81), "80-81");
}

TEST(ProjectName, NormalizesDirectoryNames) {
  struct {
    const char* raw;
    const char* normalized;
  } cases[] = {
      {"myapp", "myapp"}, {"My App", "myapp"}, {"my.app_2-x", "myapp_2-x"}, {"__Hidden", "hidden"},
      {"-x", "x"},        {"Ünïcode", "ncode"}, {"...", ""},              {"", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(normalize_project_name(c.raw), c.normalized) << c.raw;
}

TEST(ProjectName, ValidatesExplicitNames) {
  for (const char* ok : {"a", "myapp", "my-app_2", "9lives"}) EXPECT_TRUE(is_valid_project_name(ok)) << ok;
  for (const char* bad : {"", "My", "-a", "_a", "a.b", "a b"}) EXPECT_FALSE(is_valid_project_name(bad)) << bad;
}

}  // namespace
}  // namespace mocker::orchestrator::spec
