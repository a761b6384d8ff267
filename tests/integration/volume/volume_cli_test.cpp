// `mocker volume` and `mocker run -v NAME:/path` as a user runs them.
#include "cli_fixture.hpp"

#include <gtest/gtest.h>

namespace mocker::test {
namespace {

TEST_F(CliTest, NamedVolumeKeepsDataAcrossContainersAndIsRemovedWhenUnused) {
  auto first = cli("run --rm --network none -v data:/d busybox sh -c 'echo kept > /d/f'");
  ASSERT_EQ(first.status, 0) << first.output;
  EXPECT_EQ(cli("run --rm --network none -v data:/d:ro busybox cat /d/f").output, "kept\n");
  EXPECT_NE(cli("run --rm --network none -v data:/d:ro busybox sh -c 'echo x > /d/g'").status, 0);
  EXPECT_EQ(cli("volume ls -q").output, "data\n");

  ASSERT_EQ(cli("run -d --name holder --network none -v data:/d busybox sleep 100").status, 0);
  auto busy = cli("volume rm data");
  EXPECT_EQ(busy.status, 1);
  EXPECT_EQ(busy.output, "mocker: remove volume data: volume is in use by container holder\n");
  ASSERT_EQ(cli("rm -f holder").status, 0);
  EXPECT_EQ(cli("volume rm data").status, 0);
  EXPECT_EQ(cli("volume ls -q").output, "");
  EXPECT_EQ(cli("volume rm nope").status, 1);
  EXPECT_EQ(cli("volume rm -f nope").status, 0);
  expect_no_containers();
}

TEST_F(CliTest, TmpfsTakesItsOptions) {
  auto r = cli("run --rm --network none --tmpfs /t:size=1m,mode=1777 busybox sh -c 'stat -c %a /t; grep \" /t \" /proc/mounts'");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.substr(0, 5), "1777\n") << r.output;
  EXPECT_NE(r.output.find(" /t tmpfs rw,nosuid,nodev"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("size=1024k"), std::string::npos) << r.output;
  expect_no_containers();
}

TEST_F(CliTest, VolumeCreateRejectsBadNamesAndDuplicates) {
  EXPECT_EQ(cli("volume create -l team=a cache").status, 0);
  auto dup = cli("volume create cache");
  EXPECT_EQ(dup.status, 1);
  EXPECT_NE(dup.output.find("already exists"), std::string::npos) << dup.output;
  auto bad = cli("volume create -x");
  EXPECT_NE(bad.status, 0);
  auto inspect = cli("volume inspect cache");
  EXPECT_NE(inspect.output.find("\"team\": \"a\""), std::string::npos) << inspect.output;
  EXPECT_EQ(cli("volume rm cache").status, 0);
}

}  // namespace
}  // namespace mocker::test
