#include "inspect_view.hpp"

#include <mocker/supervisor/labels.hpp>

namespace mocker::cli {

namespace container = engine::container;
using nlohmann::json;

namespace {

json docker_state(const container::State& s) {
  return {{"Status", container::status_name(s.status)}, {"Running", s.status == container::Status::running},
          {"Paused", false}, {"Restarting", false}, {"OOMKilled", s.oom_killed}, {"Dead", false},
          {"Pid", s.pid}, {"ExitCode", s.exit_code}, {"Error", s.error}, {"StartedAt", s.started_at},
          {"FinishedAt", s.finished_at}};
}

json docker_config(const container::Container& c) {
  const auto& p = c.spec.process;
  return {{"Hostname", c.spec.hostname}, {"Domainname", c.spec.domainname}, {"User", p.user}, {"Tty", p.tty},
          {"OpenStdin", p.stdin_open}, {"Env", p.env}, {"Cmd", p.args}, {"Image", c.image}, {"WorkingDir", p.cwd},
          {"Labels", c.labels}, {"StopSignal", c.stop_signal}, {"StopTimeout", c.stop_timeout}};
}

// The restart policy recorded by run --restart, in docker's words.
json restart_policy(const container::Container& c) {
  auto policy = orchestrator::supervisor::policy_from_labels(c.labels).restart;
  using When = orchestrator::supervisor::RestartRule::When;
  const char* name = policy.when == When::always ? "always"
                     : policy.when == When::unless_stopped ? "unless-stopped"
                     : policy.when == When::on_failure ? "on-failure" : "no";
  return {{"Name", name}, {"MaximumRetryCount", policy.max_attempts.value_or(0)}};
}

json docker_networks(const container::NetworkView& v) {
  json out = json::object();
  for (const auto& e : v.endpoints)
    out[e.network_name] = {{"NetworkID", e.network_id}, {"IPAddress", e.ip.str()}, {"IPPrefixLen", e.prefix},
                           {"Gateway", e.gateway.str()}, {"MacAddress", e.mac}, {"Aliases", e.aliases}};
  return out;
}

}  // namespace

json container_inspect(const container::Container& c, const container::NetworkView& v) {
  json j = container::container_to_json(c);
  j["network_settings"] = container::network_view_to_json(v);
  j["Id"] = c.id;
  j["Name"] = "/" + c.name;
  j["Created"] = c.created;
  j["Image"] = c.image_id;
  j["State"] = docker_state(c.state);
  j["Config"] = docker_config(c);
  j["HostConfig"] = {{"RestartPolicy", restart_policy(c)}, {"AutoRemove", c.auto_remove},
                     {"ReadonlyRootfs", c.spec.read_only_rootfs},
                     {"NetworkMode", container::network_kind_name(c.network.kind)}};
  json ports = json::array();
  for (const auto& p : v.ports) ports.push_back(container::port_text(p));
  j["NetworkSettings"] = {{"Networks", docker_networks(v)}, {"Ports", ports}};
  json mounts = json::array();
  for (const auto& m : c.spec.mounts)
    mounts.push_back({{"Type", m.type}, {"Source", m.source}, {"Destination", m.destination}});
  j["Mounts"] = mounts;
  return j;
}

json image_inspect(const engine::image::Image& image, const std::string& rootfs) {
  json j = engine::image::image_to_json(image);
  j["rootfs"] = rootfs;
  j["Id"] = image.id;
  j["RepoTags"] = image.repo_tags;
  j["Created"] = image.created;
  j["Architecture"] = image.architecture;
  j["Os"] = image.os;
  j["Size"] = image.size;
  j["Config"] = j["config"];
  return j;
}

}  // namespace mocker::cli
