// A create killed between its record and its root filesystem (kill -9 of a
// `mocker-compose up`, as the soak walk found): the next start finishes it.
#include "cli_fixture.hpp"

using mocker::test::CliTest;

TEST_F(CliTest, AStartFinishesACreateKilledAfterItsRecord) {
  auto killed = mocker::test::run("bash -c \"MOCKER_FAULT=container.create.recorded:kill MOCKER_CGROUP_PARENT=" + cgroup_parent() +
                    " " + mocker() + " create --name half busybox echo finished\"");
  EXPECT_NE(killed.status, 0) << "killed at the fault point: " << killed.output;
  auto c = engine().containers().get("half");
  ASSERT_TRUE(c) << "the record was written first";
  auto started = cli("start -a half");
  EXPECT_EQ(started.status, 0) << started.output;
  EXPECT_EQ(started.output, "finished\n");
  EXPECT_EQ(cli("rm half").status, 0);
  expect_no_containers();
}
