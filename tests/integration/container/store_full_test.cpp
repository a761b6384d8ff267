// A store filled up by a container: reading still works, the error of a
// command that needs space says what to do, and removal frees it.
#include "cli_fixture.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace mocker::test {
namespace {

class StoreFullTest : public CliTest {
 protected:
  StoreFullTest() { store_size_ = 300ULL << 20; }
};

TEST_F(StoreFullTest, AFullStoreCanBeReadAndEmptied) {
  // On the default network, so that the filler holds an endpoint. It reports
  // through a host directory: its log is in the store, which will be full.
  const std::string out = path("out");
  ASSERT_EQ(run("mkdir -p " + out).status, 0);
  auto filler = cli("run -d --name filler -v " + out +
                    ":/out busybox sh -c 'dd if=/dev/zero of=/fill bs=1M count=600 2>/out/dd; touch /out/filled; sleep 1000'");
  ASSERT_EQ(filler.status, 0) << filler.output;
  ASSERT_TRUE(eventually([&] { return fs::exists(out + "/filled"); }, std::chrono::seconds(90)));
  auto dd = run("cat " + out + "/dd");
  ASSERT_NE(dd.output.find("No space left on device"), std::string::npos) << dd.output;

  for (const char* read : {"ps -a", "logs filler", "inspect filler", "images", "volume ls", "network ls"}) {
    auto r = cli(read);
    EXPECT_EQ(r.status, 0) << read << ": " << r.output;
  }
  auto more = cli("run --network none busybox true");
  EXPECT_NE(more.status, 0) << more.output;
  EXPECT_NE(more.output.find("hint: the store at " + store_root() + "/store is full"), std::string::npos) << more.output;

  // kill rewrites the record (stopped by the user) and rm a lease record, both
  // on the full store, before anything is freed.
  auto killed = cli("kill filler");
  EXPECT_EQ(killed.status, 0) << killed.output;
  auto rm = cli("rm -f filler");
  ASSERT_EQ(rm.status, 0) << rm.output;
  auto ps = cli("ps -aq");
  EXPECT_EQ(ps.status, 0) << ps.output;
  auto left = cli("ps -a --format json");
  EXPECT_EQ(left.output.find("filler"), std::string::npos) << left.output;
  expect_no_containers();
}

}  // namespace
}  // namespace mocker::test
