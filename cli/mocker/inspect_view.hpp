#pragma once
// `inspect` prints our records, and beside their lower-case keys the fields
// docker's inspect has (State.Status, Config.Labels, NetworkSettings...), so
// `inspect -f '{{.State.Status}}'` and scripts written for docker work.
#include <mocker/container/engine.hpp>

#include <nlohmann/json.hpp>

namespace mocker::cli {

nlohmann::json container_inspect(const engine::container::Container& c, const engine::container::NetworkView& v);
nlohmann::json image_inspect(const engine::image::Image& image, const std::string& rootfs);

}  // namespace mocker::cli
