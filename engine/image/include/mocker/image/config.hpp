#pragma once
// The parts of an image's config a container needs (Docker/OCI "config" object).
#include <mocker/sys/result.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace mocker::engine::image {

struct ImageConfig {
  std::vector<std::string> entrypoint;
  std::vector<std::string> cmd;
  std::vector<std::string> env;
  std::string working_dir;
  std::string user;
  std::string stop_signal;
  std::vector<std::string> exposed_ports;  // "80/tcp"
  std::vector<std::string> volumes;
  std::map<std::string, std::string> labels;
};

// Reads the "config" object of a Docker or OCI image config (field names as in those formats).
ImageConfig config_from_json(const nlohmann::json& config_object);
nlohmann::json config_to_json(const ImageConfig& config);

// One Dockerfile instruction, as `docker import --change` takes it: CMD and
// ENTRYPOINT in JSON (exec) or shell form, ENV and LABEL as KEY=VALUE...,
// EXPOSE, VOLUME, WORKDIR, USER, STOPSIGNAL. Applied in order, later wins.
sys::Status apply_change(ImageConfig& config, const std::string& change);
sys::Result<ImageConfig> apply_changes(ImageConfig config, const std::vector<std::string>& changes);

}  // namespace mocker::engine::image
