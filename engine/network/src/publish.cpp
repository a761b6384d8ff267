// Published ports: DNAT rules in our table, recorded per container.
#include <mocker/network/network.hpp>

#include "host_ports.hpp"
#include "naming.hpp"
#include "records.hpp"

#include <cerrno>

namespace mocker::engine::network {

namespace {

constexpr int kEphemeralTries = 32;

sys::Error allocated(const PortMapping& m) {
  return sys::Error::invalid("publish", host_side(m), "port is already allocated");
}

bool taken_by(const std::vector<PortMapping>& taken, const PortMapping& m) {
  for (const auto& t : taken)
    if (same_host_port(t, m)) return true;
  return false;
}

// A published port is free when no mapping of ours has it (DNAT rules hold
// no socket, so binding alone would not see them) and the host can bind it.
sys::Result<bool> free_now(const std::vector<PortMapping>& taken, const PortMapping& m) {
  if (taken_by(taken, m)) return false;
  auto bound = probe_host_port(m.host_ip, m.host_port, m.protocol);
  if (bound) return true;
  if (bound.error().err == EADDRINUSE) return false;
  return std::move(bound).error().wrap("publish " + host_side(m));
}

sys::Result<PortMapping> choose_host_port(PortMapping m, const std::vector<PortMapping>& taken) {
  if (m.host_port == 0) {
    for (int i = 0; i < kEphemeralTries; ++i) {
      m.host_port = MOCKER_TRY(ephemeral_port(m.host_ip, m.protocol));
      if (!taken_by(taken, m)) return m;
    }
    m.host_port = 0;
    return sys::Error::invalid("publish", host_side(m), "found no free port");
  }
  uint16_t first = m.host_port, last = m.host_port_last > first ? m.host_port_last : first;
  for (uint32_t port = first; port <= last; ++port) {
    m.host_port = static_cast<uint16_t>(port);
    if (MOCKER_TRY(free_now(taken, m))) {
      m.host_port_last = 0;
      return m;
    }
  }
  if (first == last) return allocated(m);
  return sys::Error::invalid("publish", m.host_ip.str() + ":" + std::to_string(first) + "-" + std::to_string(last) + "/" +
                                            protocol_name(m.protocol),
                             "every port of the range is already allocated");
}

// Published ports lead to an address of a network that lets traffic in.
sys::Status check_target(const PortMapping& m, const std::vector<Network>& networks) {
  const std::string object = host_side(m);
  if (m.container_port == 0) return sys::Error::invalid("publish", object, "no container port given");
  for (const auto& n : networks) {
    if (!n.subnet.contains(m.container_ip)) continue;
    if (n.internal) return sys::Error::invalid("publish", object, "network " + n.name + " is internal");
    return sys::ok();
  }
  return sys::Error::invalid("publish", object, "container address " + m.container_ip.str() + " is on no network");
}

}  // namespace

sys::Result<std::vector<PortMapping>> Networks::publish(const std::string& container_id,
                                                       const std::vector<PortMapping>& mappings) {
  auto held = MOCKER_TRY(lock());
  MOCKER_TRY(check_container_id(container_id));
  std::vector<Network> networks = MOCKER_TRY(read_networks(records_));
  std::vector<PortMapping> taken;
  for (const auto& c : MOCKER_TRY(read_all_ports(records_))) taken.insert(taken.end(), c.ports.begin(), c.ports.end());

  std::vector<PortMapping> chosen;
  for (const auto& m : mappings) {
    MOCKER_TRY(check_target(m, networks));
    PortMapping c = MOCKER_TRY(choose_host_port(m, taken));
    taken.push_back(c);
    chosen.push_back(c);
  }
  std::vector<PortMapping> before = MOCKER_TRY(read_ports(records_, container_id));
  std::vector<PortMapping> after = before;
  after.insert(after.end(), chosen.begin(), chosen.end());
  // Recorded first: a crash before the rules land is fixed by the next sync.
  MOCKER_TRY(write_ports(records_, container_id, after));
  if (auto synced = sync_rules(); !synced) {
    sys::Error e = std::move(synced).error();
    auto restored = write_ports(records_, container_id, before);
    if (restored) restored = sync_rules();
    if (!restored) e = std::move(e).with_note("cleanup: " + restored.error().render());
    return e;
  }
  return chosen;
}

sys::Status Networks::unpublish(const std::string& container_id) {
  auto held = MOCKER_TRY(lock());
  if (MOCKER_TRY(read_ports(records_, container_id)).empty()) return sys::ok();
  MOCKER_TRY(write_ports(records_, container_id, {}));
  return std::move(sync_rules()).context("unpublish " + container_id.substr(0, 12));
}

sys::Result<std::vector<PortMapping>> Networks::published(const std::string& container_id) const {
  return read_ports(records_, container_id);
}

}  // namespace mocker::engine::network
