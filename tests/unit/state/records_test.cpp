#include <mocker/state/records.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <unistd.h>

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
