#include <mocker/container/container.hpp>

namespace mocker::engine::container {

std::string status_name(Status s) {
  switch (s) {
    case Status::created: return "created";
    case Status::running: return "running";
    case Status::exited: return "exited";
  }
  return "unknown";
}

std::string status_name(const State& s) {
  return s.status == Status::running && s.paused ? "paused" : status_name(s.status);
}

namespace {
Status status_from(const std::string& s) {
  if (s == "running" || s == "paused") return Status::running;
  if (s == "exited") return Status::exited;
  return Status::created;
}

nlohmann::json limits_to_json(const cgroup::Limits& l) {
  nlohmann::json j = nlohmann::json::object();
  if (l.memory_bytes) j["memory_bytes"] = *l.memory_bytes;
  if (l.memory_swap_bytes) j["memory_swap_bytes"] = *l.memory_swap_bytes;
  if (l.memory_reservation_bytes) j["memory_reservation_bytes"] = *l.memory_reservation_bytes;
  if (l.cpus) j["cpus"] = *l.cpus;
  if (l.cpu_shares) j["cpu_shares"] = *l.cpu_shares;
  if (l.pids_max) j["pids_max"] = *l.pids_max;
  if (l.cpuset_cpus) j["cpuset_cpus"] = *l.cpuset_cpus;
  if (l.cpuset_mems) j["cpuset_mems"] = *l.cpuset_mems;
  return j;
}

template <class T>
void read_opt(const nlohmann::json& j, const char* key, std::optional<T>& out) {
  if (j.contains(key)) out = j[key].get<T>();
}

cgroup::Limits limits_from_json(const nlohmann::json& j) {
  cgroup::Limits l;
  read_opt(j, "memory_bytes", l.memory_bytes);
  read_opt(j, "memory_swap_bytes", l.memory_swap_bytes);
  read_opt(j, "memory_reservation_bytes", l.memory_reservation_bytes);
  read_opt(j, "cpus", l.cpus);
  read_opt(j, "cpu_shares", l.cpu_shares);
  read_opt(j, "pids_max", l.pids_max);
  read_opt(j, "cpuset_cpus", l.cpuset_cpus);
  read_opt(j, "cpuset_mems", l.cpuset_mems);
  return l;
}
NetworkKind kind_from(const std::string& s) {
  if (s == "host") return NetworkKind::host;
  if (s == "bridge") return NetworkKind::bridge;
  if (s == "container") return NetworkKind::container;
  return NetworkKind::none;
}

nlohmann::json network_to_json(const NetworkSettings& n) {
  nlohmann::json networks = nlohmann::json::array();
  for (const auto& r : n.networks)
    networks.push_back({{"id", r.network}, {"name", r.name}, {"aliases", r.aliases}, {"ip", r.ip}, {"mac", r.mac}});
  return {{"mode", network_kind_name(n.kind)}, {"networks", networks},   {"container", n.container},
          {"publish", n.publish},              {"extra_hosts", n.extra_hosts}, {"dns", n.dns}};
}

// Records written before networks were wired in say "none" or "host".
NetworkSettings network_from_json(const nlohmann::json& j) {
  NetworkSettings n;
  if (j.is_string()) {
    n.kind = kind_from(j.get<std::string>());
    return n;
  }
  if (!j.is_object()) return n;
  n.kind = kind_from(j.value("mode", "none"));
  for (const auto& r : j.value("networks", nlohmann::json::array()))
    n.networks.push_back({r.value("id", ""), r.value("name", ""), r.value("aliases", std::vector<std::string>{}),
                          r.value("ip", ""), r.value("mac", "")});
  n.container = j.value("container", "");
  n.publish = j.value("publish", std::vector<std::string>{});
  n.extra_hosts = j.value("extra_hosts", std::vector<std::string>{});
  n.dns = j.value("dns", std::vector<std::string>{});
  return n;
}
}  // namespace

std::string port_text(const network::PortMapping& m) {
  return m.host_ip.str() + ":" + std::to_string(m.host_port) + "->" + std::to_string(m.container_port) + "/" +
         network::protocol_name(m.protocol);
}

nlohmann::json endpoint_to_json(const network::Endpoint& e) {
  return {{"network_id", e.network_id}, {"network", e.network_name}, {"container_id", e.container_id},
          {"container_name", e.container_name}, {"aliases", e.aliases}, {"ip", e.ip.str()}, {"prefix", e.prefix},
          {"gateway", e.gateway.str()}, {"mac", e.mac}, {"interface", e.ifname}};
}

nlohmann::json network_view_to_json(const NetworkView& v) {
  nlohmann::json networks = nlohmann::json::object();
  for (const auto& e : v.endpoints) networks[e.network_name] = endpoint_to_json(e);
  nlohmann::json ports = nlohmann::json::array();
  for (const auto& p : v.ports)
    ports.push_back({{"host_ip", p.host_ip.str()}, {"host_port", p.host_port}, {"container_port", p.container_port},
                     {"protocol", network::protocol_name(p.protocol)}});
  nlohmann::json out = {{"networks", networks}, {"ports", ports}};
  if (!v.parent.empty()) out["parent"] = {{"name", v.parent}, {"running", v.parent_running}};
  return out;
}

nlohmann::json container_to_json(const Container& c) {
  const State& s = c.state;
  return {
      {"id", c.id},
      {"name", c.name},
      {"image", c.image},
      {"image_id", c.image_id},
      {"created", c.created},
      {"labels", c.labels},
      {"spec", c.spec},
      {"limits", limits_to_json(c.limits)},
      {"stop_signal", c.stop_signal},
      {"stop_timeout", c.stop_timeout},
      {"auto_remove", c.auto_remove},
      {"network", network_to_json(c.network)},
      {"resources", {{"dir", c.resources.dir}, {"rootfs", c.resources.rootfs}, {"cgroup", c.resources.cgroup}}},
      {"state",
       {{"status", status_name(s)}, {"paused", s.paused}, {"pid", s.pid}, {"pid_start_ticks", s.pid_start_ticks},
        {"started_at", s.started_at}, {"finished_at", s.finished_at}, {"exit_code", s.exit_code},
        {"exit_signal", s.exit_signal}, {"oom_killed", s.oom_killed}, {"oom_kills_at_start", s.oom_kills_at_start},
        {"stopped_by_user", s.stopped_by_user},
        {"error", s.error}}},
  };
}

sys::Result<Container> container_from_json(const nlohmann::json& j) {
  try {
    Container c;
    c.id = j.at("id").get<std::string>();
    c.name = j.value("name", "");
    c.image = j.value("image", "");
    c.image_id = j.value("image_id", "");
    c.created = j.value("created", "");
    c.labels = j.value("labels", state::Labels{});
    c.spec = j.at("spec").get<runtime::ContainerSpec>();
    c.limits = limits_from_json(j.value("limits", nlohmann::json::object()));
    c.stop_signal = j.value("stop_signal", "SIGTERM");
    c.stop_timeout = j.value("stop_timeout", 10);
    c.auto_remove = j.value("auto_remove", false);
    c.network = network_from_json(j.value("network", nlohmann::json("none")));
    const auto& r = j.at("resources");
    c.resources = {r.value("dir", ""), r.value("rootfs", ""), r.value("cgroup", "")};
    const auto& s = j.at("state");
    c.state.status = status_from(s.value("status", "created"));
    c.state.pid = s.value("pid", 0);
    c.state.pid_start_ticks = s.value("pid_start_ticks", uint64_t{0});
    c.state.started_at = s.value("started_at", "");
    c.state.finished_at = s.value("finished_at", "");
    c.state.exit_code = s.value("exit_code", 0);
    c.state.exit_signal = s.value("exit_signal", 0);
    c.state.oom_killed = s.value("oom_killed", false);
    c.state.oom_kills_at_start = s.value("oom_kills_at_start", uint64_t{0});
    c.state.stopped_by_user = s.value("stopped_by_user", false);
    c.state.paused = c.state.status == Status::running && s.value("paused", false);
    c.state.error = s.value("error", "");
    return c;
  } catch (const nlohmann::json::exception& e) {
    return sys::Error::invalid("read container record", j.value("id", "?"), e.what());
  }
}

}  // namespace mocker::engine::container
