#include "engine_fixture.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace mocker::test {

void EngineTest::SetUp() {
  PrivilegedTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  open_engine();
}

void EngineTest::open_engine() {
  engine::EngineOptions options;
  options.store.root = store_root();
  options.store.loop_size_bytes = store_size_;
  options.init_path = std::string(MOCKER_BIN_DIR) + "/mocker-init";
  options.dns_path = std::string(MOCKER_BIN_DIR) + "/mocker-dns";
  options.cgroup_parent = cgroup_parent();
  auto e = engine::Engine::open(options);
  ASSERT_TRUE(e) << e.error().render_long();
  engine_ = std::move(*e);
}

void EngineTest::remove_networks() {
  auto all = engine_->networks().list();
  if (!all) return;
  for (const auto& n : *all) {
    auto removed = engine_->networks().remove(n.id);
    EXPECT_TRUE(removed) << removed.error().render();
  }
}

void EngineTest::expect_no_network_leftovers() {
  for (const char* kind : {"endpoints", "ports"}) {
    auto left = engine_->records().list(kind);
    ASSERT_TRUE(left);
    for (const auto& r : *left)
      if (!r.value("endpoints", nlohmann::json::array()).empty() || r.contains("ports"))
        ADD_FAILURE() << kind << " record left: " << r.dump();
  }
  for (const auto& link : links_other_than_lo()) ADD_FAILURE() << "left: " << link;
  for (const auto& table : nft_tables_of_ours()) ADD_FAILURE() << "left: " << table;
}

void EngineTest::TearDown() {
  // The default network outlives its containers by design (Docker's "bridge"
  // always exists); the test's networks go so the leak check judges the engine.
  if (engine_) remove_networks();
  if (engine_) {
    auto st = engine_->store().unmount();
    EXPECT_TRUE(st) << st.error().render();
    engine_.reset();
  }
  PrivilegedTest::TearDown();
}

std::map<std::string, std::string> EngineTest::tree(const std::string& dir) {
  std::map<std::string, std::string> out;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    struct stat st;
    ::lstat(it->path().c_str(), &st);
    std::ostringstream desc;
    std::string rel = it->path().lexically_relative(dir);  // fs::relative would follow symlinks
    if (S_ISDIR(st.st_mode)) desc << "d";
    else if (S_ISLNK(st.st_mode)) desc << "l";
    else if (S_ISREG(st.st_mode)) desc << "f";
    else if (S_ISFIFO(st.st_mode)) desc << "p";
    else desc << "?";
    desc << " " << std::oct << (st.st_mode & 07777) << std::dec << " " << st.st_uid << ":" << st.st_gid;
    if (S_ISLNK(st.st_mode)) desc << " -> " << fs::read_symlink(it->path()).string();
    if (S_ISREG(st.st_mode)) {
      std::ifstream in(it->path(), std::ios::binary);
      desc << " " << std::string(std::istreambuf_iterator<char>(in), {});
    }
    out[rel] = desc.str();
  }
  return out;
}

void EngineTest::expect_store_empty() {
  auto images = engine_->images().list();
  ASSERT_TRUE(images);
  EXPECT_TRUE(images->empty()) << images->size() << " images listed";
  for (const auto& dir : {engine_->store().layers_dir(), engine_->store().scratch_dir()}) {
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename());
    EXPECT_TRUE(left.empty()) << dir << " holds " << (left.empty() ? "" : left.front());
  }
  auto subvolumes = run("btrfs subvolume list -o " + engine_->store().path());
  EXPECT_EQ(subvolumes.status, 0) << subvolumes.output;
  EXPECT_EQ(subvolumes.output, "") << "subvolumes left";
}

void EngineTest::expect_no_containers() {
  auto records = engine_->records().list("containers");
  ASSERT_TRUE(records);
  EXPECT_TRUE(records->empty()) << records->size() << " container records left";
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(engine_->store().containers_dir())) left.push_back(e.path().filename());
  EXPECT_TRUE(left.empty()) << "container dir left: " << (left.empty() ? "" : left.front());
}

void EngineTest::make_busybox_image(const std::string& name) {
  std::string rootfs = path("busybox-rootfs");
  auto made = run("bash " + std::string(MOCKER_SOURCE_DIR) + "/scripts/make-busybox-rootfs.sh " + rootfs + " " +
                  std::string(MOCKER_BIN_DIR) + "/mocker-probe");
  ASSERT_EQ(made.status, 0) << made.output;
  auto ref = engine::image::parse_reference(name);
  ASSERT_TRUE(ref);
  auto img = engine_->images().init_from_directory(rootfs, *ref);
  ASSERT_TRUE(img) << img.error().render_long();
}

}  // namespace mocker::test
