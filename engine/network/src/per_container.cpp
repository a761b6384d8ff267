// A container's side of the networks: its endpoints everywhere, letting go
// of its veths and ports when it stops, and of its leases when it is removed.
#include <mocker/network/network.hpp>

#include "records.hpp"

namespace mocker::engine::network {

sys::Result<std::vector<Endpoint>> Networks::endpoints_of(const std::string& container_id) const {
  std::vector<Endpoint> out;
  for (const auto& net : MOCKER_TRY(read_networks(records_)))
    for (auto& e : MOCKER_TRY(read_leases(records_, net.id)).endpoints)
      if (e.container_id == container_id) out.push_back(std::move(e));
  return out;
}

sys::Status Networks::release(const std::string& container_id) {
  auto held = MOCKER_TRY(lock());
  const std::string what = "release networks of " + container_id.substr(0, 12);
  for (const auto& net : MOCKER_TRY(std::move(read_networks(records_)).context(what)))
    MOCKER_TRY(std::move(detach_locked(net, container_id)).context(what));
  if (MOCKER_TRY(read_ports(records_, container_id)).empty()) return sys::ok();
  MOCKER_TRY(write_ports(records_, container_id, {}));
  return std::move(sync_rules()).context(what);
}

sys::Status Networks::deactivate(const std::string& container_id) {
  auto held = MOCKER_TRY(lock());
  const std::string what = "let go of the veths of " + container_id.substr(0, 12);
  for (const auto& net : MOCKER_TRY(std::move(read_networks(records_)).context(what)))
    MOCKER_TRY(std::move(deactivate_locked(net, container_id)).context(what));
  if (MOCKER_TRY(read_ports(records_, container_id)).empty()) return sys::ok();
  MOCKER_TRY(write_ports(records_, container_id, {}));
  return std::move(sync_rules()).context(what);
}

sys::Result<std::set<std::string>> Networks::attached_containers() const {
  std::set<std::string> out;
  for (const auto& net : MOCKER_TRY(read_all_endpoints(records_)))
    for (const auto& e : net.endpoints)
      if (e.active) out.insert(e.container_id);
  for (const auto& p : MOCKER_TRY(read_all_ports(records_))) out.insert(p.container_id);
  return out;
}

}  // namespace mocker::engine::network
