// network connect / disconnect, what a container's networks look like now,
// and releasing what containers that stopped unnoticed still hold.
#include <mocker/container/containers.hpp>

#include "network_settings.hpp"
#include "process.hpp"

#include <algorithm>

namespace mocker::engine::container {

namespace {

constexpr const char* kKind = "containers";

bool running_now(const Container& c) {
  return c.state.status == Status::running && is_alive(c.state.pid, c.state.pid_start_ticks);
}

sys::Status only_bridge(const Container& c, const std::string& what) {
  if (c.network.kind == NetworkKind::bridge) return sys::ok();
  return sys::Error::invalid(what, c.name,
                             "the container uses the " + network_kind_name(c.network.kind) + " network mode");
}

}  // namespace

sys::Status Containers::connect(const std::string& ref, const NetworkRequest& request) {
  Container c = MOCKER_TRY(get(ref));
  const std::string what = "connect " + c.name + " to network " + request.network;
  MOCKER_TRY(std::move(only_bridge(c, "connect")).context(what));
  MOCKER_TRY(std::move(check_request(request)).context(what));
  network::Network net = MOCKER_TRY(std::move(find_network(networks_, request.network)).context(what));
  auto lock = MOCKER_TRY(records_.lock());
  c = MOCKER_TRY(load(c.id));
  for (const auto& r : c.network.networks)
    if (r.network == net.id) return sys::Error::invalid("connect", c.name, "already connected to network " + net.name);
  NetworkRequest r = request;
  r.network = net.id;
  r.name = net.name;
  c.network.networks.push_back(r);
  if (!running_now(c)) {  // leased now, plumbed at its next start
    MOCKER_TRY(std::move(networks_.reserve(attachment_for(c, r, 0))).context(what));
    if (auto saved = save(c); !saved) {
      sys::Error e = std::move(saved).error();
      if (auto undone = networks_.detach(net.id, c.id); !undone) e = std::move(e).with_note("cleanup: " + undone.error().render());
      return std::move(e).wrap(what);
    }
    return sys::ok();
  }

  MOCKER_TRY(std::move(networks_.attach(attachment_for(c, r, c.state.pid))).context(what));
  auto saved = [&]() -> sys::Status {
    MOCKER_TRY(save(c));
    return write_network_files(c, MOCKER_TRY(networks_.endpoints_of(c.id)), true);
  }();
  if (!saved) {
    sys::Error e = std::move(saved).error();
    if (auto undone = networks_.detach(net.id, c.id); !undone) e = std::move(e).with_note("cleanup: " + undone.error().render());
    return std::move(e).wrap(what);
  }
  return sys::ok();
}

sys::Status Containers::disconnect(const std::string& ref, const std::string& network) {
  Container c = MOCKER_TRY(get(ref));
  const std::string what = "disconnect " + c.name + " from network " + network;
  auto lock = MOCKER_TRY(records_.lock());
  c = MOCKER_TRY(load(c.id));
  auto net = networks_.get(network);  // the network may be gone; the record still names it
  auto it = std::find_if(c.network.networks.begin(), c.network.networks.end(), [&](const NetworkRequest& r) {
    return (net && r.network == net->id) || r.name == network || r.network == network;
  });
  if (it == c.network.networks.end())
    return sys::Error::invalid("disconnect", c.name, "not connected to network " + network);
  std::string network_id = it->network;
  c.network.networks.erase(it);
  MOCKER_TRY(std::move(save(c)).context(what));
  // Its lease goes too, running or not.
  auto own = MOCKER_TRY(networks_.endpoints_of(c.id));
  if (std::any_of(own.begin(), own.end(), [&](const network::Endpoint& e) { return e.network_id == network_id; })) {
    MOCKER_TRY(std::move(networks_.detach(network_id, c.id)).context(what));
    own = MOCKER_TRY(networks_.endpoints_of(c.id));
  }
  if (!running_now(c)) return sys::ok();
  return std::move(write_network_files(c, own, true)).context(what);
}

sys::Result<NetworkView> Containers::network_view(const Container& c) {
  NetworkView v;
  if (c.network.kind == NetworkKind::container) {
    auto parent = get(c.network.container);
    v.parent = parent ? parent->name : c.network.container.substr(0, 12);
    v.parent_running = parent && parent->state.status == Status::running;
  }
  if (c.network.kind != NetworkKind::bridge || c.state.status != Status::running) return v;
  v.endpoints = MOCKER_TRY(networks_.endpoints_of(c.id));
  v.ports = MOCKER_TRY(networks_.published(c.id));
  return v;
}

// Holders are checked one record each; only when one is not running does it
// take the store lock (a start in progress holds it, so a container being
// attached right now is never mistaken for an orphan) and clean up.
sys::Status Containers::clean_up_networks() {
  auto holders = MOCKER_TRY(networks_.attached_containers());
  auto holder_alive = [&](const std::string& id) {
    auto record = records_.read(kKind, id);
    if (!record || !*record) return false;
    auto c = container_from_json(**record);
    return c && running_now(*c);
  };
  if (std::all_of(holders.begin(), holders.end(), holder_alive)) return sys::ok();
  auto lock = MOCKER_TRY(records_.lock());
  std::set<std::string> alive, known;
  for (const auto& r : MOCKER_TRY(records_.list(kKind))) {
    auto c = container_from_json(r);
    if (!c) continue;
    known.insert(c->id);
    if (running_now(*c)) alive.insert(c->id);
  }
  return networks_.cleanup_orphans(alive, known);
}

}  // namespace mocker::engine::container
