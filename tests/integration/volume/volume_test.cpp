// Named volumes on a real btrfs store: subvolumes, records, labels, crash repair.
#include "../common/engine_fixture.hpp"

#include <mocker/storage/subvolume.hpp>
#include <mocker/volume/volumes.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace mocker::test {
namespace {

using engine::volume::Volumes;
using engine::volume::VolumeSpec;

class VolumeTest : public EngineTest {
 protected:
  Volumes volumes() { return Volumes(engine().store(), engine().records()); }
};

TEST_F(VolumeTest, CreateWriteListRemove) {
  Volumes v = volumes();
  auto made = v.create({"data", {{"io.mocker.compose.project", "demo"}}});
  ASSERT_TRUE(made) << made.error().render();
  EXPECT_TRUE(engine::storage::is_subvolume(made->mountpoint));
  std::ofstream(made->mountpoint + "/file") << "kept";

  auto again = v.ensure({"data", {}});
  ASSERT_TRUE(again) << again.error().render();
  EXPECT_EQ(again->labels.at("io.mocker.compose.project"), "demo");
  std::ifstream in(again->mountpoint + "/file");
  std::string text;
  in >> text;
  EXPECT_EQ(text, "kept");

  auto all = v.list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().name, "data");

  ASSERT_TRUE(v.remove("data"));
  EXPECT_FALSE(std::filesystem::exists(made->mountpoint));
  EXPECT_FALSE(v.get("data"));
  expect_store_empty();
}

TEST_F(VolumeTest, BadRequestsFailAndChangeNothing) {
  Volumes v = volumes();
  auto bad = v.create({"-x", {}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().render().find("invalid name"), std::string::npos) << bad.error().render();
  ASSERT_TRUE(v.create({"one", {}}));
  auto twice = v.create({"one", {}});
  ASSERT_FALSE(twice);
  EXPECT_NE(twice.error().render().find("already exists"), std::string::npos);
  auto missing = v.remove("nope");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().render().find("no such volume"), std::string::npos);
  EXPECT_EQ(v.list()->size(), 1u);
  ASSERT_TRUE(v.remove("one"));
  expect_store_empty();
}

TEST_F(VolumeTest, RecordWithoutSubvolumeIsRepairedOrRemoved) {
  Volumes v = volumes();
  auto made = v.create({"half", {}});
  ASSERT_TRUE(made);
  // A crash between record and subvolume, simulated by deleting the subvolume.
  ASSERT_TRUE(engine::storage::delete_subvolume(made->mountpoint));
  auto repaired = v.ensure({"half", {}});
  ASSERT_TRUE(repaired) << repaired.error().render();
  EXPECT_TRUE(engine::storage::is_subvolume(repaired->mountpoint));
  ASSERT_TRUE(engine::storage::delete_subvolume(made->mountpoint));
  ASSERT_TRUE(v.remove("half"));  // a remove interrupted after the data went
  EXPECT_TRUE(v.list()->empty());
  expect_store_empty();
}

}  // namespace
}  // namespace mocker::test
