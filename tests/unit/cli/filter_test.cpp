#include <mocker/cli/filter.hpp>

#include <gtest/gtest.h>

using namespace mocker::cli;

namespace {

TEST(Filter, ParsesKnownKeysAndNamesUnknownOnes) {
  auto f = parse_filters({"label=a", "label=b=1", "status=exited"}, {"label", "status"});
  ASSERT_TRUE(f) << f.error().render();
  EXPECT_EQ((*f)["label"], (std::vector<std::string>{"a", "b=1"}));
  EXPECT_EQ((*f)["status"], (std::vector<std::string>{"exited"}));
  auto bad = parse_filters({"colour=red"}, {"label"});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().render().find("colour"), std::string::npos) << bad.error().render();
  EXPECT_FALSE(parse_filters({"label"}, {"label"}));
}

TEST(Filter, SameKeyIsAnyDifferentKeysAreAll) {
  auto f = *parse_filters({"status=running", "status=exited", "name=web"}, {"status", "name"});
  struct Case {
    std::string status, name;
    bool expected;
  };
  const Case cases[] = {{"running", "web-1", true}, {"exited", "web-2", true}, {"created", "web-3", false},
                        {"running", "db-1", false}};
  for (const auto& c : cases) {
    bool got = filters_match(f, [&](const std::string& key, const std::string& value) {
      return key == "status" ? c.status == value : name_matches(c.name, value);
    });
    EXPECT_EQ(got, c.expected) << c.status << " " << c.name;
  }
  EXPECT_TRUE(filters_match({}, [](const auto&, const auto&) { return false; }));
}

TEST(Filter, Labels) {
  std::map<std::string, std::string> labels{{"app", "web"}, {"empty", ""}};
  EXPECT_TRUE(label_matches(labels, "app"));
  EXPECT_TRUE(label_matches(labels, "app=web"));
  EXPECT_FALSE(label_matches(labels, "app=db"));
  EXPECT_TRUE(label_matches(labels, "empty="));
  EXPECT_FALSE(label_matches(labels, "other"));
}

TEST(Filter, NamesReferencesAncestors) {
  EXPECT_TRUE(name_matches("demo-web-1", "web"));
  EXPECT_TRUE(name_matches("demo-web-1", "^demo-"));
  EXPECT_FALSE(name_matches("demo-web-1", "^web"));
  EXPECT_TRUE(name_matches("demo-web-1", "/demo"));
  EXPECT_TRUE(name_matches("a(b", "a(b"));  // not a valid expression: plain text
  EXPECT_TRUE(reference_matches("busybox:latest", "busybox"));
  EXPECT_TRUE(reference_matches("busybox:latest", "busy*"));
  EXPECT_TRUE(reference_matches("busybox:latest", "*:latest"));
  EXPECT_FALSE(reference_matches("busybox:latest", "alpine"));
  EXPECT_TRUE(ancestor_matches("busybox", "sha256:abcdef0123", "busybox:latest"));
  EXPECT_TRUE(ancestor_matches("busybox:latest", "sha256:abcdef0123", "busybox"));
  EXPECT_TRUE(ancestor_matches("busybox", "sha256:abcdef0123", "abcdef"));
  EXPECT_FALSE(ancestor_matches("busybox", "sha256:abcdef0123", "alpine"));
  EXPECT_FALSE(ancestor_matches("busybox", "sha256:abcdef0123", "ab"));
  EXPECT_EQ(parse_bool("true"), true);
  EXPECT_EQ(parse_bool("0"), false);
  EXPECT_EQ(parse_bool("maybe"), std::nullopt);
}

}  // namespace
