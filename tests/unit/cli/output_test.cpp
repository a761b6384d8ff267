#include <mocker/cli/output.hpp>

#include <gtest/gtest.h>

using namespace mocker::cli;

TEST(Output, TableAlignsColumns) {
  Table t({"NAME", "ID"});
  t.add({"a-long-name", "1"});
  t.add({"b", "22"});
  EXPECT_EQ(t.render(), "NAME          ID\na-long-name   1\nb             22\n");
}

TEST(Output, HumanSizesAreDecimalLikeDocker) {
  EXPECT_EQ(human_size(0), "0B");
  EXPECT_EQ(human_size(999), "999B");
  EXPECT_EQ(human_size(1982256), "1.98MB");
  EXPECT_EQ(human_size(5ULL * 1000 * 1000 * 1000), "5GB");
}

TEST(Output, ShortIds) {
  EXPECT_EQ(short_id("sha256:0123456789abcdef0123"), "0123456789ab");
  EXPECT_EQ(short_id("0123456789abcdef"), "0123456789ab");
}

TEST(Output, AgesOfOldAndBadTimes) {
  EXPECT_EQ(human_age("not a time"), "unknown");
  EXPECT_NE(human_age("2001-01-01T00:00:00Z").find("years ago"), std::string::npos);
}

TEST(Output, InitShowsByItsShortName) {
  EXPECT_EQ(short_init_command("/work/build/bin/mocker-init start"), "mocker-init start");
  EXPECT_EQ(short_init_command("/usr/libexec/mocker/mocker-init"), "mocker-init");
  EXPECT_EQ(short_init_command("sleep 100"), "sleep 100");
  EXPECT_EQ(short_init_command("/bin/sh -c /x/mocker-init"), "/bin/sh -c /x/mocker-init");
}
