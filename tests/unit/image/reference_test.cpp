#include <mocker/image/reference.hpp>

#include <gtest/gtest.h>

using mocker::engine::image::parse_reference;

struct RefCase {
  const char* text;
  const char* name;
  const char* tag;
  const char* digest;
};

TEST(Reference, ValidReferencesParse) {
  const std::string d = "sha256:" + std::string(64, 'a');
  const RefCase cases[] = {
      {"busybox", "busybox", "latest", ""},
      {"busybox:1.36", "busybox", "1.36", ""},
      {"library/busybox:latest", "library/busybox", "latest", ""},
      {"127.0.0.1:5000/busybox:oci", "127.0.0.1:5000/busybox", "oci", ""},
      {"localhost/a/b-c/d__e:T_1.x", "localhost/a/b-c/d__e", "T_1.x", ""},
      {"registry.example:443/ns/img", "registry.example:443/ns/img", "latest", ""},
      {"a.b/c", "a.b/c", "latest", ""},
  };
  for (const auto& c : cases) {
    auto r = parse_reference(c.text);
    ASSERT_TRUE(r) << c.text << ": " << r.error().render();
    EXPECT_EQ(r->name, c.name) << c.text;
    EXPECT_EQ(r->tag, c.tag) << c.text;
    EXPECT_EQ(r->digest, c.digest) << c.text;
  }
  auto with_digest = parse_reference("busybox@" + d);
  ASSERT_TRUE(with_digest);
  EXPECT_EQ(with_digest->tag, "");
  EXPECT_EQ(with_digest->str(), "busybox@" + d);
}

TEST(Reference, InvalidReferencesSayWhatIsWrong) {
  const std::pair<const char*, const char*> cases[] = {
      {"", "empty name"},
      {"Busybox", "name component \"Busybox\""},
      {"busy box", "name component \"busy box\""},
      {"a//b", "name component \"\""},
      {"a:", "tag \"\""},
      {"a:-x", "tag \"-x\""},
      {"a@sha256:12", "digest must be"},
      {"host:99999x/a", "bad registry host \"host:99999x\""},
  };
  for (const auto& [text, why] : cases) {
    auto r = parse_reference(text);
    ASSERT_FALSE(r) << text;
    EXPECT_NE(r.error().render().find(why), std::string::npos) << text << " -> " << r.error().render();
    EXPECT_EQ(r.error().render().rfind("invalid reference format \"" + std::string(text) + "\"", 0), 0u);
  }
  EXPECT_FALSE(parse_reference(std::string(256, 'a')));
}

TEST(Reference, FullIds) {
  EXPECT_TRUE(mocker::engine::image::is_full_id(std::string(64, 'f')));
  EXPECT_TRUE(mocker::engine::image::is_full_id("sha256:" + std::string(64, '0')));
  EXPECT_FALSE(mocker::engine::image::is_full_id(std::string(63, 'f')));
  EXPECT_FALSE(mocker::engine::image::is_full_id("busybox"));
}
