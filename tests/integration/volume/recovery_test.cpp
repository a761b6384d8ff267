// Commands killed half-way (kill -9 at a fault point) leave nothing that
// breaks the next command.
#include "cli_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace mocker::test {
namespace {

class RecoveryTest : public CliTest {
 protected:
  // The CLI with MOCKER_FAULT armed.
  Command cli_faulted(const std::string& fault, const std::string& args) {
    return run("bash -c \"MOCKER_FAULT=" + fault + " MOCKER_CGROUP_PARENT=" + cgroup_parent() + " " + mocker() + " " +
               escape(args) + "\"");
  }
  std::vector<std::string> temp_files_under(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec))
      if (e.path().filename().string().find(".tmp.") != std::string::npos) out.push_back(e.path());
    return out;
  }
};

TEST_F(RecoveryTest, AVolumeKilledBetweenRecordAndSubvolumeIsFinishedByTheContainerUsingIt) {
  auto killed = cli_faulted("volume.recorded:kill", "volume create data");
  ASSERT_EQ(killed.status, 128 + 9) << killed.output;
  const std::string path = engine().store().volumes_dir() + "/data";
  ASSERT_FALSE(fs::exists(path)) << "the fault point is between the record and the subvolume";

  // What compose does with a project volume: bind its path.
  auto o = options({"sh", "-c", "echo kept > /d/f"});
  o.mounts.push_back({"bind", path, "/d", {}});
  auto c = run_to_end(o);
  EXPECT_EQ(c.state.exit_code, 0);
  EXPECT_EQ(cli("run --rm --network none -v data:/d busybox cat /d/f").output, "kept\n");
  ASSERT_TRUE(engine().containers().remove(c.id, true));
  EXPECT_EQ(cli("volume rm data").status, 0);
}

TEST_F(RecoveryTest, AStartFinishesAVolumeLostAfterCreate) {
  auto created = cli("volume create data");
  ASSERT_EQ(created.status, 0) << created.output;
  const std::string path = engine().store().volumes_dir() + "/data";
  auto o = options({"sh", "-c", "echo ok > /d/f"});
  o.mounts.push_back({"bind", path, "/d", {}});
  auto c = engine().containers().create(o);
  ASSERT_TRUE(c) << c.error().render_long();
  // As a killed `volume create` of the same name would have left it.
  ASSERT_EQ(run("btrfs subvolume delete " + path).status, 0);
  auto started = engine().containers().start(c->id);
  ASSERT_TRUE(started) << started.error().render_long();
  EXPECT_EQ(*engine().containers().wait(c->id), 0);
  ASSERT_TRUE(engine().containers().remove(c->id, true));
  EXPECT_EQ(cli("volume rm data").status, 0);
}

TEST_F(RecoveryTest, TempFilesOfAWriterKilledMidWriteAreRemovedByTheNextCommand) {
  auto killed = cli_faulted("sys.atomic_write:kill", "volume create data");
  ASSERT_EQ(killed.status, 128 + 9) << killed.output;
  const std::string state = engine().store().state_dir();
  ASSERT_FALSE(temp_files_under(state).empty()) << "the fault point is after the temp file is written";
  auto ls = cli("volume ls -q");
  EXPECT_EQ(ls.status, 0) << ls.output;
  EXPECT_EQ(ls.output, "") << "the record was never renamed into place";
  EXPECT_EQ(temp_files_under(state), std::vector<std::string>{});
}

}  // namespace
}  // namespace mocker::test
