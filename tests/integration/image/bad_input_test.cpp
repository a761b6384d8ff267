// Bad input gets a clear error and changes nothing: no image listed, no layer,
// no scratch, nothing written outside the store.
#include "archive_builder.hpp"
#include "engine_fixture.hpp"

#include <unistd.h>

#include <filesystem>

namespace fs = std::filesystem;
using mocker::test::EngineTest;
using mocker::test::ImageSpec;
using mocker::test::Tar;
namespace image = mocker::engine::image;

namespace {

class BadInputTest : public EngineTest {
 protected:
  // Imports `content` and returns the error text; the store must be unchanged.
  std::string import_error(const std::string& content) {
    std::string file = path("input.tar");
    mocker::test::write_file(file, content);
    auto r = engine().images().import_archive(file, std::nullopt);
    EXPECT_FALSE(r) << "import of bad input succeeded";
    expect_store_empty();
    return r ? "" : r.error().render_long();
  }
};

std::string layered_docker_archive(const std::string& evil_layer) {
  Tar base;
  base.dir("etc").file("etc/ok", "ok");
  return mocker::test::docker_save_archive({{base.bytes(), evil_layer}, "{}", {"evil:1"}});
}

}  // namespace

TEST_F(BadInputTest, MissingDirectory) {
  auto r = engine().images().init_from_directory(path("nope"), std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().render(), "init " + path("nope") + ": open " + path("nope") + ": No such file or directory");
  expect_store_empty();
}

TEST_F(BadInputTest, UnreadableFileInDirectory) {
  fs::create_directories(path("src"));
  mocker::test::write_file(path("src/ok"), "fine");
  ::symlink("/proc/self/mem", path("src/mem-link").c_str());  // symlinks are copied, not followed
  fs::create_directories(path("src/sub"));
  ASSERT_EQ(::mkfifo(path("src/sub/fifo").c_str(), 0600), 0);
  auto ok = engine().images().init_from_directory(path("src"), std::nullopt);
  ASSERT_TRUE(ok) << ok.error().render();  // fifo and symlink copied as such
  ASSERT_TRUE(engine().images().remove(ok->id, true, nullptr));
  // A directory entry that vanishes/cannot be opened: a file replaced by a dangling mount point is hard to
  // fake as root, so use a file path where a directory is expected.
  auto r = engine().images().init_from_directory(path("src/ok"), std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().render().find("Not a directory"), std::string::npos) << r.error().render();
  expect_store_empty();
}

TEST_F(BadInputTest, MissingFile) {
  auto r = engine().images().import_archive(path("missing.tar"), std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().render().find("No such file or directory"), std::string::npos) << r.error().render();
  EXPECT_NE(r.error().render().find(path("missing.tar")), std::string::npos);
  expect_store_empty();
}

TEST_F(BadInputTest, NotAnArchive) {
  auto e = import_error("this is a text file, not a tarball\n");
  EXPECT_NE(e.find("import " + path("input.tar")), std::string::npos) << e;
}

TEST_F(BadInputTest, TruncatedGzipTarball) {
  Tar t;
  std::string big(200000, 'x');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>('a' + (i * 7919) % 26);
  t.file("big", big).file("after", "after");
  std::string gz = t.gzipped();
  auto e = import_error(gz.substr(0, gz.size() / 2));
  EXPECT_NE(e.find("runcated"), std::string::npos) << e;
}

TEST_F(BadInputTest, TruncatedPlainTarball) {
  Tar t;
  t.file("big", std::string(100000, 'y')).file("after", "after");
  std::string tar = t.bytes();
  auto e = import_error(tar.substr(0, 50000));
  EXPECT_NE(e.find("runcated"), std::string::npos) << e;
}

TEST_F(BadInputTest, CorruptGzip) {
  Tar t;
  t.file("a", std::string(5000, 'a'));
  std::string gz = t.gzipped();
  for (size_t i = 20; i < gz.size() - 10; i += 7) gz[i] = static_cast<char>(gz[i] ^ 0x5a);
  import_error(gz);
}

TEST_F(BadInputTest, DotDotEntryIsRefused) {
  Tar evil;
  evil.file("../../../escaped-file", "pwned");
  auto e = import_error(evil.bytes());
  EXPECT_NE(e.find("path escapes the root"), std::string::npos) << e;
  EXPECT_FALSE(fs::exists(fs::path(root_dir()).parent_path() / "escaped-file"));
}

TEST_F(BadInputTest, AbsolutePathsAreConfinedToTheRootfs) {
  std::string host_target = path("host-abs-target");
  Tar t;
  t.file(host_target, "confined");
  mocker::test::write_file(path("abs.tar"), t.bytes());
  auto r = engine().images().import_archive(path("abs.tar"), image::parse_reference("abs:1").value());
  ASSERT_TRUE(r) << r.error().render();
  EXPECT_FALSE(fs::exists(host_target)) << "wrote to the host";
  auto files = tree(engine().images().layer_path(r->front().top_chain()));
  EXPECT_EQ(files.at(host_target.substr(1)), "f 644 0:0 confined");
}

TEST_F(BadInputTest, SymlinkOutThenWriteThroughItStaysInside) {
  std::string host_dir = path("host-dir");
  fs::create_directories(host_dir);
  Tar evil;
  evil.dir(host_dir.substr(1))  // the same path inside the rootfs, where confined writes land
      .symlink("abs-escape", host_dir).file("abs-escape/pwned", "1")
      .symlink("rel-escape", "../../../../../../" + host_dir).file("rel-escape/pwned2", "2");
  mocker::test::write_file(path("evil.tar"), layered_docker_archive(evil.bytes()));
  auto r = engine().images().import_archive(path("evil.tar"), std::nullopt);
  ASSERT_TRUE(r) << r.error().render();
  EXPECT_TRUE(fs::is_empty(host_dir)) << "wrote through a symlink to the host";
  auto files = tree(engine().images().layer_path(r->front().top_chain()));
  // Both resolve as if the rootfs were "/": the writes land inside it.
  EXPECT_EQ(files.at(host_dir.substr(1) + "/pwned"), "f 644 0:0 1");
  EXPECT_EQ(files.at(host_dir.substr(1) + "/pwned2"), "f 644 0:0 2");
}

TEST_F(BadInputTest, SymlinkOutToMissingDirectoryIsRefused) {
  std::string host_dir = path("host-dir");
  fs::create_directories(host_dir);
  Tar evil;
  evil.symlink("escape", host_dir).file("escape/pwned", "1");
  auto e = import_error(layered_docker_archive(evil.bytes()));
  EXPECT_NE(e.find("open directory /escape: No such file or directory"), std::string::npos) << e;
  EXPECT_TRUE(fs::is_empty(host_dir));
}

TEST_F(BadInputTest, HardLinkOutIsRefusedOrConfined) {
  std::string secret = path("secret");
  mocker::test::write_file(secret, "host secret");
  Tar dotdot;
  dotdot.hardlink("stolen", "../../../../../../" + secret);
  auto e = import_error(layered_docker_archive(dotdot.bytes()));
  EXPECT_NE(e.find("path escapes the root"), std::string::npos) << e;

  Tar absolute;
  absolute.hardlink("stolen", secret);  // resolved inside the rootfs, where it does not exist
  auto e2 = import_error(layered_docker_archive(absolute.bytes()));
  EXPECT_NE(e2.find("No such file or directory"), std::string::npos) << e2;
}

TEST_F(BadInputTest, LayerDigestMismatch) {
  Tar a, b;
  a.file("a", "a");
  b.file("b", "b");
  ImageSpec spec{{a.bytes()}, "{}", {"bad:digest"}};
  std::string config = mocker::test::config_json(spec);
  std::string archive = mocker::test::docker_save_archive(spec);
  // Swap in different layer content of the same size.
  auto pos = archive.find(a.bytes());
  ASSERT_NE(pos, std::string::npos);
  archive.replace(pos, a.bytes().size(), b.bytes());
  auto e = import_error(archive);
  EXPECT_NE(e.find("does not match diff_id"), std::string::npos) << e;
}

TEST_F(BadInputTest, OciBlobDigestMismatch) {
  Tar a;
  a.file("a", "a");
  std::string archive = mocker::test::oci_layout_archive({{a.bytes()}, "{}", {"bad:oci"}}, false);
  auto pos = archive.find(a.bytes());
  ASSERT_NE(pos, std::string::npos);
  archive[pos + 512] = 'b';  // the content byte of file "a"
  auto e = import_error(archive);
  EXPECT_NE(e.find("does not match"), std::string::npos) << e;
}

TEST_F(BadInputTest, DockerArchiveWithoutConfig) {
  Tar outer;
  outer.file("manifest.json", R"([{"Layers":[]}])");
  auto e = import_error(outer.bytes());
  EXPECT_NE(e.find("manifest.json"), std::string::npos) << e;
}

TEST_F(BadInputTest, InvalidNamesAndTags) {
  for (const char* bad : {"Upper/Case", "name:bad tag", "a..b", "-lead", "name:", "x@sha256:123", ""}) {
    auto r = image::parse_reference(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_NE(r.error().render().find("invalid reference format"), std::string::npos);
  }
  auto cli = mocker::test::run(std::string(MOCKER_BIN_DIR) + "/mocker --root " + store_root() + " tag nothing Bad:Tag");
  EXPECT_EQ(cli.status, 1);
  EXPECT_EQ(cli.output, "mocker: invalid reference format \"Bad:Tag\": name component \"Bad\" must be lowercase "
                        "letters, digits and separators (. _ __ -)\n");
  expect_store_empty();
}

class FullStoreTest : public BadInputTest {
 protected:
  void SetUp() override {
    store_size_ = 256ULL << 20;
    BadInputTest::SetUp();
  }
};

TEST_F(FullStoreTest, OutOfSpaceFailsCleanly) {
  std::string gz = path("big.tar.gz");
  auto made = mocker::test::run("set -e; cd " + root_dir() + " && truncate -s 400M zeros && tar czf " + gz + " zeros && rm zeros");
  ASSERT_EQ(made.status, 0) << made.output;
  auto r = engine().images().import_archive(gz, std::nullopt);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().render().find("No space left on device"), std::string::npos) << r.error().render();
  EXPECT_NE(r.error().hint.find("store is full"), std::string::npos) << r.error().render_long();
  expect_store_empty();
}
