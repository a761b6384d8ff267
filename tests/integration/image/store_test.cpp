// The btrfs store: provisioning, reuse, scratch recovery, concurrent writers.
#include "archive_builder.hpp"
#include "engine_fixture.hpp"

#include <mocker/storage/store.hpp>
#include <mocker/storage/subvolume.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;
using mocker::test::EngineTest;
namespace storage = mocker::engine::storage;
namespace image = mocker::engine::image;

TEST_F(EngineTest, LoopBackedStoreIsReusedAcrossOpens) {
  EXPECT_TRUE(engine().store().loop_backed());
  EXPECT_TRUE(fs::exists(store_root() + "/btrfs.img"));
  fs::create_directories(path("src"));
  mocker::test::write_file(path("src/f"), "kept");
  ASSERT_TRUE(engine().images().init_from_directory(path("src"), *image::parse_reference("kept:1")));
  ASSERT_TRUE(engine().store().unmount());
  engine_.reset();
  open_engine();  // attaches and mounts the same image file again
  auto img = engine().images().resolve("kept:1");
  ASSERT_TRUE(img) << img.error().render();
  EXPECT_EQ(tree(engine().images().layer_path(img->top_chain())).at("f"), "f 644 0:0 kept");
}

TEST_F(EngineTest, AbandonedScratchIsRemovedOnNextOpen) {
  std::string left;
  {
    auto scratch = engine().store().make_scratch();
    ASSERT_TRUE(scratch);
    left = scratch->path();
    ASSERT_TRUE(storage::create_subvolume(left + "/half-made-layer"));
    // Simulate a crash: the scratch object is leaked, its lock released by a child exiting.
    pid_t child = ::fork();
    if (child == 0) {
      auto orphan = engine().store().make_scratch();
      bool made = orphan && storage::create_subvolume(orphan->path() + "/layer").ok();
      ::_exit(made ? 0 : 1);  // no destructors: the scratch stays on disk, unlocked
    }
    int status;
    ::waitpid(child, &status, 0);
    ASSERT_EQ(WEXITSTATUS(status), 0);
    auto count = std::distance(fs::directory_iterator(engine().store().scratch_dir()), {});
    EXPECT_EQ(count, 4) << "two scratch dirs and their locks";
    auto again = storage::Store::open({store_root(), 0});
    ASSERT_TRUE(again) << again.error().render();
    // Ours is still locked and stays; the orphan is gone.
    count = std::distance(fs::directory_iterator(engine().store().scratch_dir()), {});
    EXPECT_EQ(count, 2);
    EXPECT_TRUE(fs::exists(left + "/half-made-layer"));
  }
  EXPECT_TRUE(fs::is_empty(engine().store().scratch_dir()));
  expect_store_empty();
}

TEST_F(EngineTest, ConcurrentCommandsDoNotCorruptRecords) {
  constexpr int kWriters = 6;
  for (int i = 0; i < kWriters; ++i) {
    fs::create_directories(path("src" + std::to_string(i)));
    mocker::test::write_file(path("src" + std::to_string(i)) + "/f", std::to_string(i));
  }
  std::string mocker = std::string(MOCKER_BIN_DIR) + "/mocker --root " + store_root();
  // Each writer stores its own image, then all race to move one shared tag.
  std::string script;
  for (int i = 0; i < kWriters; ++i)
    script += "(" + mocker + " init " + path("src" + std::to_string(i)) + " -t img" + std::to_string(i) + " && " + mocker +
              " tag img" + std::to_string(i) + " shared:latest) >/dev/null & ";
  auto r = mocker::test::run(script + "wait");
  ASSERT_EQ(r.status, 0) << r.output;
  auto images = engine().images().list();
  ASSERT_TRUE(images) << images.error().render();
  ASSERT_EQ(images->size(), static_cast<size_t>(kWriters));
  int shared = 0;
  for (const auto& img : *images) {
    for (const auto& t : img.repo_tags) shared += t == "shared:latest";
  }
  EXPECT_EQ(shared, 1) << "a tag names exactly one image";
  auto list = mocker::test::run(mocker + " images -q | wc -l");
  EXPECT_EQ(list.output, std::to_string(kWriters) + "\n");
}

TEST_F(EngineTest, RootThatCannotBeCreatedIsExplained) {
  mocker::test::write_file(path("a-file"), "");
  auto s = storage::Store::open({path("a-file") + "/root", 0});
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().render().find("Not a directory"), std::string::npos) << s.error().render();
  EXPECT_NE(s.error().render().find(path("a-file") + "/root"), std::string::npos) << s.error().render();
}
