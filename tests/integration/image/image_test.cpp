// Images from directories, docker save archives and OCI layouts, checked file by file.
#include "archive_builder.hpp"
#include "engine_fixture.hpp"

#include <mocker/storage/subvolume.hpp>

#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using mocker::test::EngineTest;
using mocker::test::ImageSpec;
using mocker::test::Tar;
namespace image = mocker::engine::image;

namespace {

image::Reference ref(const std::string& text) { return *image::parse_reference(text); }

ImageSpec three_layer_image() {
  Tar l1, l2, l3;
  l1.dir("bin").dir("etc").dir("data").dir("data/opaque")
      .file("bin/sh", "shell", 0755)
      .symlink("bin/vi", "sh")
      .file("etc/os-release", "v1")
      .file("data/keep.txt", "keep", 0640, 1000, 1000)
      .hardlink("data/hard", "data/keep.txt")
      .file("data/remove-me.txt", "bye")
      .file("data/opaque/old-a.txt", "a")
      .file("data/opaque/old-b.txt", "b")
      .file("data/overwritten.txt", "v1");
  l2.file("data/added.txt", "added in 2")
      .file("etc/layer2", "2")
      .file("data/overwritten.txt", "v2")
      .file("data/sub/dir/deep.txt", "deep", 04755);
  // The opaque marker after new.txt: order in the tar must not matter.
  l3.whiteout("bin", "vi")
      .whiteout("data", "remove-me.txt")
      .file("data/opaque/new.txt", "new")
      .opaque("data/opaque")
      .file("data/overwritten.txt", "v3");
  return {{l1.bytes(), l2.bytes(), l3.bytes()},
          R"({"Entrypoint":["/bin/sh"],"Cmd":["-c","echo hi"],"Env":["PATH=/bin","A=1"],"WorkingDir":"/data",
              "User":"1000:1000","ExposedPorts":{"80/tcp":{}},"Labels":{"org.test":"yes"},"StopSignal":"SIGINT"})",
          {"layered:latest"}};
}

const std::map<std::string, std::string> kExpectedTree = {
    {"bin", "d 755 0:0"},
    {"bin/sh", "f 755 0:0 shell"},
    {"etc", "d 755 0:0"},
    {"etc/os-release", "f 644 0:0 v1"},
    {"etc/layer2", "f 644 0:0 2"},
    {"data", "d 755 0:0"},
    {"data/keep.txt", "f 640 1000:1000 keep"},
    {"data/hard", "f 640 1000:1000 keep"},
    {"data/added.txt", "f 644 0:0 added in 2"},
    {"data/overwritten.txt", "f 644 0:0 v3"},
    {"data/opaque", "d 755 0:0"},
    {"data/opaque/new.txt", "f 644 0:0 new"},
    {"data/sub", "d 755 0:0"},
    {"data/sub/dir", "d 755 0:0"},
    {"data/sub/dir/deep.txt", "f 4755 0:0 deep"},
};

}  // namespace

TEST_F(EngineTest, InitCopiesDirectoryExactlyIntoReadOnlySubvolume) {
  std::string src = path("src");
  fs::create_directories(src + "/a/b");
  mocker::test::write_file(src + "/a/b/file", "content");
  mocker::test::write_file(src + "/setuid", "x");
  ::chmod((src + "/setuid").c_str(), 04750);
  ::chown((src + "/setuid").c_str(), 1000, 1001);
  ::symlink("a/b/file", (src + "/link").c_str());
  ::link((src + "/a/b/file").c_str(), (src + "/hardlink").c_str());
  ::mkfifo((src + "/fifo").c_str(), 0600);
  ASSERT_EQ(::setxattr((src + "/a/b/file").c_str(), "user.mocker", "v", 1, 0), 0);

  auto img = engine().images().init_from_directory(src, ref("copied:1"));
  ASSERT_TRUE(img) << img.error().render_long();
  std::string rootfs = engine().images().layer_path(img->top_chain());
  EXPECT_EQ(tree(rootfs), tree(src));
  struct stat a, b;
  ::stat((rootfs + "/a/b/file").c_str(), &a);
  ::stat((rootfs + "/hardlink").c_str(), &b);
  EXPECT_EQ(a.st_ino, b.st_ino) << "hard link kept";
  char value[8] = {};
  EXPECT_EQ(::getxattr((rootfs + "/a/b/file").c_str(), "user.mocker", value, sizeof value), 1);
  EXPECT_EQ(::access((rootfs + "/new").c_str(), F_OK), -1);
  EXPECT_NE(mocker::test::run("touch " + rootfs + "/new").status, 0) << "image layer must be read-only";

  auto again = engine().images().init_from_directory(src, ref("copied:2"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, img->id) << "same tree, same image";
  EXPECT_EQ(std::distance(fs::directory_iterator(engine().store().layers_dir()), {}), 1);
}

TEST_F(EngineTest, DockerSaveWithThreeLayersAppliesWhiteoutsAndKeepsConfig) {
  std::string file = path("layered.tar");
  mocker::test::write_file(file, mocker::test::docker_save_archive(three_layer_image()));
  auto images = engine().images().import_archive(file, std::nullopt);
  ASSERT_TRUE(images) << images.error().render_long();
  ASSERT_EQ(images->size(), 1u);
  const auto& img = images->front();
  EXPECT_EQ(img.repo_tags, std::vector<std::string>{"layered:latest"});
  EXPECT_EQ(img.source, "docker-archive");
  ASSERT_EQ(img.layers.size(), 3u);
  EXPECT_EQ(img.config.entrypoint, std::vector<std::string>{"/bin/sh"});
  EXPECT_EQ(img.config.cmd, (std::vector<std::string>{"-c", "echo hi"}));
  EXPECT_EQ(img.config.env, (std::vector<std::string>{"PATH=/bin", "A=1"}));
  EXPECT_EQ(img.config.working_dir, "/data");
  EXPECT_EQ(img.config.user, "1000:1000");
  EXPECT_EQ(img.config.exposed_ports, std::vector<std::string>{"80/tcp"});
  EXPECT_EQ(img.config.labels.at("org.test"), "yes");
  EXPECT_EQ(img.config.stop_signal, "SIGINT");

  std::string rootfs = engine().images().layer_path(img.top_chain());
  EXPECT_EQ(tree(rootfs), kExpectedTree);
  struct stat a, b;
  ::stat((rootfs + "/data/keep.txt").c_str(), &a);
  ::stat((rootfs + "/data/hard").c_str(), &b);
  EXPECT_EQ(a.st_ino, b.st_ino);
  // The resolved name and the id prefix find the same image.
  EXPECT_EQ(engine().images().resolve("layered")->id, img.id);
  EXPECT_EQ(engine().images().resolve(img.id.substr(7, 12))->id, img.id);
}

TEST_F(EngineTest, OciLayoutImportsAndSharesLayersWithDockerArchive) {
  auto spec = three_layer_image();
  std::string docker = path("docker.tar"), oci = path("oci.tar");
  mocker::test::write_file(docker, mocker::test::docker_save_archive(spec));
  spec.tags = {"layered:oci"};
  mocker::test::write_file(oci, mocker::test::oci_layout_archive(spec));

  auto first = engine().images().import_archive(docker, std::nullopt);
  ASSERT_TRUE(first) << first.error().render_long();
  auto second = engine().images().import_archive(oci, std::nullopt);
  ASSERT_TRUE(second) << second.error().render_long();
  EXPECT_EQ(second->front().source, "oci-layout");
  // Same config blob, same image: the names of both imports apply to it.
  EXPECT_EQ(second->front().repo_tags, (std::vector<std::string>{"layered:latest", "layered:oci"}));
  EXPECT_EQ(second->front().id, first->front().id) << "same config blob, same image id";
  EXPECT_EQ(tree(engine().images().layer_path(second->front().top_chain())), kExpectedTree);
  // Three layer chains stored once, whichever format brought them.
  EXPECT_EQ(std::distance(fs::directory_iterator(engine().store().layers_dir()), {}), 3);
}

TEST_F(EngineTest, PlainRootfsTarballGzipOrNot) {
  Tar t;
  t.dir("etc").file("etc/hostname", "plain\n").symlink("etc/link", "hostname");
  mocker::test::write_file(path("root.tar"), t.bytes());
  mocker::test::write_file(path("root.tar.gz"), t.gzipped());
  auto plain = engine().images().import_archive(path("root.tar"), ref("plain:tar"));
  ASSERT_TRUE(plain) << plain.error().render_long();
  auto gz = engine().images().import_archive(path("root.tar.gz"), ref("plain:gz"));
  ASSERT_TRUE(gz) << gz.error().render_long();
  EXPECT_EQ(plain->front().layers.front().diff_id, mocker::test::sha256_of(t.bytes()));
  auto files = tree(engine().images().layer_path(gz->front().top_chain()));
  EXPECT_EQ(files.at("etc/hostname"), "f 644 0:0 plain\n");
  EXPECT_EQ(files.at("etc/link"), "l 777 0:0 -> hostname");
}

TEST_F(EngineTest, RmiUntagsThenDeletesAndRemovesUnusedLayers) {
  std::string file = path("layered.tar");
  mocker::test::write_file(file, mocker::test::docker_save_archive(three_layer_image()));
  ASSERT_TRUE(engine().images().import_archive(file, std::nullopt));
  ASSERT_TRUE(engine().images().tag("layered", ref("other:tag")));
  auto untag = engine().images().remove("other:tag", false, nullptr);
  ASSERT_TRUE(untag) << untag.error().render();
  EXPECT_EQ(*untag, std::vector<std::string>{"Untagged: other:tag"});
  auto in_use = engine().images().remove("layered", false, [](const std::string&) { return true; });
  ASSERT_FALSE(in_use);
  EXPECT_NE(in_use.error().render().find("in use by a container"), std::string::npos);
  auto removed = engine().images().remove("layered", false, [](const std::string&) { return false; });
  ASSERT_TRUE(removed) << removed.error().render();
  EXPECT_EQ(removed->front(), "Untagged: layered:latest");
  expect_store_empty();
}

TEST_F(EngineTest, WritableRootfsSnapshotLeavesImageUntouched) {
  Tar t;
  t.file("f", "image");
  mocker::test::write_file(path("r.tar"), t.bytes());
  auto img = engine().images().import_archive(path("r.tar"), ref("snap:1"));
  ASSERT_TRUE(img);
  std::string rootfs = engine().store().containers_dir() + "/c1";
  ASSERT_TRUE(engine().images().create_rootfs(img->front(), rootfs));
  mocker::test::write_file(rootfs + "/f", "changed");
  EXPECT_EQ(tree(engine().images().layer_path(img->front().top_chain())).at("f"), "f 644 0:0 image");
  ASSERT_TRUE(mocker::engine::storage::delete_subvolume(rootfs));
}
