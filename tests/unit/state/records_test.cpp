#include <mocker/state/records.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

namespace fs = std::filesystem;
namespace state = mocker::engine::state;

class RecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("mocker-records-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    auto r = state::Records::open(dir_);
    ASSERT_TRUE(r);
    records_ = std::move(*r);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string dir_;
  state::Records records_;
};

TEST_F(RecordsTest, WriteReadListRemove) {
  ASSERT_TRUE(records_.write("containers", "b", {{"name", "b"}}));
  ASSERT_TRUE(records_.write("containers", "a", {{"name", "a"}}));
  auto a = records_.read("containers", "a");
  ASSERT_TRUE(a && *a);
  EXPECT_EQ((**a)["name"], "a");
  auto all = records_.list("containers");
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0]["name"], "a") << "sorted by id";
  ASSERT_TRUE(records_.remove("containers", "a"));
  ASSERT_TRUE(records_.remove("containers", "a")) << "removing twice is fine";
  EXPECT_FALSE(*records_.read("containers", "a"));
  EXPECT_EQ(records_.list("containers")->size(), 1u);
  EXPECT_TRUE(records_.list("nothing-yet")->empty());
}

TEST_F(RecordsTest, CorruptRecordIsAnErrorNamingTheFile) {
  ASSERT_TRUE(records_.write("images", "x", {{"id", "x"}}));
  std::FILE* f = std::fopen((dir_ + "/images/x.json").c_str(), "w");
  std::fputs("{truncated", f);
  std::fclose(f);
  auto r = records_.read("images", "x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().render(), "parse record " + dir_ + "/images/x.json: not valid JSON");
}

TEST_F(RecordsTest, KeysCannotEscapeTheDirectory) {
  EXPECT_FALSE(records_.write("images", "../evil", {}));
  EXPECT_FALSE(records_.write("..", "x", {}));
  EXPECT_FALSE(fs::exists(fs::path(dir_).parent_path() / "evil.json"));
}

TEST(Labels, FiltersMatchKeyOrKeyValue) {
  state::Labels labels{{"com.mocker.project", "web"}, {"tier", ""}};
  EXPECT_TRUE(state::labels_match(labels, {}));
  EXPECT_TRUE(state::labels_match(labels, {"com.mocker.project"}));
  EXPECT_TRUE(state::labels_match(labels, {"com.mocker.project=web", "tier"}));
  EXPECT_TRUE(state::labels_match(labels, {"tier="}));
  EXPECT_FALSE(state::labels_match(labels, {"com.mocker.project=db"}));
  EXPECT_FALSE(state::labels_match(labels, {"missing"}));
}

namespace {
// A pid that is certainly not running now: a child that has exited and been reaped.
pid_t dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return pid;
}
}  // namespace

TEST_F(RecordsTest, OpenRemovesTempFilesOfDeadWritersOnly) {
  ASSERT_TRUE(records_.write("containers", "a", {{"name", "a"}}));
  const std::string kind_dir = dir_ + "/containers";
  const std::string dead = kind_dir + "/a.json.tmp." + std::to_string(dead_pid()) + ".42";
  const std::string live = kind_dir + "/b.json.tmp." + std::to_string(::getppid()) + ".7";
  const std::string top = dir_ + "/x.json.tmp." + std::to_string(dead_pid()) + ".1";
  const std::string other = kind_dir + "/notes.tmp";
  for (const auto& p : {dead, live, top, other}) std::ofstream(p) << "{";
  ASSERT_TRUE(state::Records::open(dir_));
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_FALSE(fs::exists(top));
  EXPECT_TRUE(fs::exists(live)) << "its writer is alive";
  EXPECT_TRUE(fs::exists(other)) << "not a name of ours";
  EXPECT_TRUE(fs::exists(kind_dir + "/a.json"));
}
