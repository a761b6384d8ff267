#include <mocker/image/config.hpp>

namespace mocker::engine::image {

namespace {
std::vector<std::string> strings(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key) || !j[key].is_array()) return out;
  for (const auto& v : j[key])
    if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}
std::string string_of(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}
std::vector<std::string> keys(const nlohmann::json& j, const char* key) {
  std::vector<std::string> out;
  if (!j.contains(key) || !j[key].is_object()) return out;
  for (auto it = j[key].begin(); it != j[key].end(); ++it) out.push_back(it.key());
  return out;
}
}  // namespace

ImageConfig config_from_json(const nlohmann::json& j) {
  ImageConfig c;
  if (!j.is_object()) return c;
  c.entrypoint = strings(j, "Entrypoint");
  c.cmd = strings(j, "Cmd");
  c.env = strings(j, "Env");
  c.working_dir = string_of(j, "WorkingDir");
  c.user = string_of(j, "User");
  c.stop_signal = string_of(j, "StopSignal");
  c.exposed_ports = keys(j, "ExposedPorts");
  c.volumes = keys(j, "Volumes");
  if (j.contains("Labels") && j["Labels"].is_object())
    for (auto it = j["Labels"].begin(); it != j["Labels"].end(); ++it)
      if (it.value().is_string()) c.labels[it.key()] = it.value().get<std::string>();
  return c;
}

nlohmann::json config_to_json(const ImageConfig& c) {
  nlohmann::json j = nlohmann::json::object();
  if (!c.entrypoint.empty()) j["Entrypoint"] = c.entrypoint;
  if (!c.cmd.empty()) j["Cmd"] = c.cmd;
  if (!c.env.empty()) j["Env"] = c.env;
  if (!c.working_dir.empty()) j["WorkingDir"] = c.working_dir;
  if (!c.user.empty()) j["User"] = c.user;
  if (!c.stop_signal.empty()) j["StopSignal"] = c.stop_signal;
  for (const auto& p : c.exposed_ports) j["ExposedPorts"][p] = nlohmann::json::object();
  for (const auto& v : c.volumes) j["Volumes"][v] = nlohmann::json::object();
  if (!c.labels.empty()) j["Labels"] = c.labels;
  return j;
}

}  // namespace mocker::engine::image
