// The label scheme and object names: what `up` writes is what it reads back.
#include <mocker/reconcile/labels.hpp>

#include <gtest/gtest.h>

namespace mocker::orchestrator::reconcile {
namespace {

const ProjectStamp kStamp{"demo", "/src/demo", {"/src/demo/compose.yaml", "/src/demo/compose.override.yaml"}, "0.1.0"};

TEST(Labels, ContainerLabelsCarryProjectServiceNumberHashAndImage) {
  Labels labels = container_labels(kStamp, {"web", 2, false, "abc", "sha256:img", ""});
  EXPECT_EQ(labels, (Labels{
      {"io.mocker.compose.config-hash", "abc"},
      {"io.mocker.compose.image", "sha256:img"},
      {"io.mocker.compose.oneoff", "false"},
      {"io.mocker.compose.project", "demo"},
      {"io.mocker.compose.project.config-files", "/src/demo/compose.yaml,/src/demo/compose.override.yaml"},
      {"io.mocker.compose.project.working-dir", "/src/demo"},
      {"io.mocker.compose.replica", "2"},
      {"io.mocker.compose.service", "web"},
      {"io.mocker.compose.version", "0.1.0"},
  }));
}

TEST(Labels, ReadBackWhatWasWritten) {
  ContainerIdentity written{"app", 3, false, "h", "sha256:i", "parent-id"};
  auto read = read_container_identity(container_labels(kStamp, written));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->service, "app");
  EXPECT_EQ(read->replica, 3);
  EXPECT_FALSE(read->oneoff);
  EXPECT_EQ(read->config_hash, "h");
  EXPECT_EQ(read->image_id, "sha256:i");
  EXPECT_EQ(read->network_parent_id, "parent-id");
  EXPECT_TRUE(belongs_to(container_labels(kStamp, written), "demo"));
  EXPECT_FALSE(belongs_to(container_labels(kStamp, written), "other"));
}

TEST(Labels, ForeignOrMalformedLabelsAreNotAComposeContainer) {
  EXPECT_FALSE(read_container_identity({}));
  EXPECT_FALSE(read_container_identity({{label::kProject, "demo"}, {label::kReplica, "1"}}));
  EXPECT_FALSE(read_container_identity({{label::kProject, "demo"}, {label::kService, "web"}, {label::kReplica, "x"}}));
  EXPECT_FALSE(read_container_identity({{label::kProject, "demo"}, {label::kService, "web"}, {label::kReplica, "0"}}));
  auto oneoff = read_container_identity({{label::kProject, "demo"}, {label::kService, "web"}, {label::kOneoff, "true"}});
  ASSERT_TRUE(oneoff);
  EXPECT_TRUE(oneoff->oneoff);
}

TEST(Labels, ParseReplica) {
  EXPECT_EQ(parse_replica("12"), 12);
  EXPECT_FALSE(parse_replica(""));
  EXPECT_FALSE(parse_replica("1x"));
  EXPECT_FALSE(parse_replica("-1"));
}

TEST(Labels, NetworkAndVolumeLabelsNameTheirKey) {
  EXPECT_EQ(network_labels(kStamp, "default").at(label::kNetwork), "default");
  EXPECT_EQ(volume_labels(kStamp, "data").at(label::kVolume), "data");
  EXPECT_EQ(volume_labels(kStamp, "data").at(label::kProject), "demo");
  EXPECT_EQ(project_filter("demo"), "io.mocker.compose.project=demo");
}

TEST(Naming, ContainersNetworksAndVolumes) {
  spec::Service web;
  EXPECT_EQ(container_name("demo", "web", web, 1), "demo-web-1");
  web.container_name = "front";
  EXPECT_EQ(container_name("demo", "web", web, 1), "front");

  spec::Network net;
  EXPECT_EQ(network_name("demo", "default", net), "demo_default");
  net.external = true;
  EXPECT_EQ(network_name("demo", "shared", net), "shared");
  net.name = "explicit";
  EXPECT_EQ(network_name("demo", "shared", net), "explicit");

  spec::Volume vol;
  EXPECT_EQ(volume_name("demo", "data", vol), "demo_data");
  vol.external = true;
  EXPECT_EQ(volume_name("demo", "data", vol), "data");
}

}  // namespace
}  // namespace mocker::orchestrator::reconcile
