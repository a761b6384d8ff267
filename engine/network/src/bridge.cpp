#include "bridge.hpp"

#include "route.hpp"
#include "sysctl.hpp"

#include <netlink/route/link/bridge.h>

#include <cerrno>

namespace mocker::engine::network {

namespace {

sys::Status configure(nl_sock* sock, const std::string& name, Ipv4 gateway, int prefix, bool tolerate_existing) {
  int index = MOCKER_TRY(nl::link_index(sock, name));
  auto added = add_address(sock, index, gateway, prefix);
  if (!added && !(tolerate_existing && added.error().err == EEXIST)) return std::move(added).error().wrap("bridge " + name);
  // Published ports answer connections from 127.0.0.1 by DNAT to the bridge;
  // the kernel routes a loopback source out of a device only with this set.
  MOCKER_TRY(write_sysctl("net/ipv4/conf/" + name + "/route_localnet", "1"));
  return nl::set_link_up(sock, name);
}

}  // namespace

sys::Status create_bridge(nl_sock* sock, const std::string& name, Ipv4 gateway, int prefix) {
  nl::Link link(rtnl_link_bridge_alloc());
  if (!link) return sys::Error::from_errno("create bridge", name, ENOMEM);
  rtnl_link_set_name(link.get(), name.c_str());
  // A bridge without an address of its own takes the lowest of its ports',
  // so it would change whenever a container joins and peers would keep
  // sending to the old one from their ARP caches. The gateway's derived MAC
  // is unique: no container is ever given the gateway's address.
  nl::Addr mac = MOCKER_TRY(nl::mac_addr(mac_for(gateway)));
  rtnl_link_set_addr(link.get(), mac.get());
  if (int rc = rtnl_link_add(sock, link.get(), NLM_F_CREATE | NLM_F_EXCL); rc < 0)
    return nl::error("create bridge", name, rc);
  return configure(sock, name, gateway, prefix, false);
}

sys::Status ensure_bridge(nl_sock* sock, const std::string& name, Ipv4 gateway, int prefix) {
  if (!MOCKER_TRY(nl::link_exists(sock, name))) return create_bridge(sock, name, gateway, prefix);
  return configure(sock, name, gateway, prefix, true);
}

}  // namespace mocker::engine::network
