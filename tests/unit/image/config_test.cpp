#include <mocker/image/config.hpp>
#include <mocker/image/digest.hpp>

#include <gtest/gtest.h>

namespace image = mocker::engine::image;

TEST(ImageConfig, ReadsDockerFieldsAndWritesThemBack) {
  auto in = nlohmann::json::parse(R"({
    "Entrypoint": ["/bin/sh", "-c"], "Cmd": ["echo hi"], "Env": ["PATH=/bin", "X=1"],
    "WorkingDir": "/srv", "User": "nobody", "StopSignal": "SIGQUIT",
    "ExposedPorts": {"80/tcp": {}, "53/udp": {}}, "Volumes": {"/data": {}},
    "Labels": {"a": "1", "b": "2"}, "Unknown": 5})");
  auto c = image::config_from_json(in);
  EXPECT_EQ(c.entrypoint, (std::vector<std::string>{"/bin/sh", "-c"}));
  EXPECT_EQ(c.cmd, std::vector<std::string>{"echo hi"});
  EXPECT_EQ(c.env.size(), 2u);
  EXPECT_EQ(c.working_dir, "/srv");
  EXPECT_EQ(c.user, "nobody");
  EXPECT_EQ(c.stop_signal, "SIGQUIT");
  EXPECT_EQ(c.exposed_ports, (std::vector<std::string>{"53/udp", "80/tcp"}));
  EXPECT_EQ(c.volumes, std::vector<std::string>{"/data"});
  EXPECT_EQ(c.labels.at("b"), "2");
  auto again = image::config_from_json(image::config_to_json(c));
  EXPECT_EQ(image::config_to_json(again), image::config_to_json(c));
}

TEST(ImageConfig, NullAndWrongTypesAreIgnored) {
  auto c = image::config_from_json(nlohmann::json::parse(R"({"Cmd": null, "Env": "x", "Labels": {"a": 1}})"));
  EXPECT_TRUE(c.cmd.empty());
  EXPECT_TRUE(c.env.empty());
  EXPECT_TRUE(c.labels.empty());
}

TEST(Digest, Sha256OfKnownInputs) {
  EXPECT_EQ(image::sha256_digest(""), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(image::sha256_digest("abc"), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(image::digest_hex("sha256:abc"), "abc");
}
