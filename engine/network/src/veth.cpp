#include "veth.hpp"

#include <net/if.h>
#include <netlink/route/link/veth.h>

#include <algorithm>
#include <cerrno>

namespace mocker::engine::network {

sys::Status create_veth(nl_sock* host, const VethPlan& plan) {
  nl::Link link(rtnl_link_veth_alloc());
  if (!link) return sys::Error::from_errno("create veth", plan.host_name, ENOMEM);
  rtnl_link_set_name(link.get(), plan.host_name.c_str());
  rtnl_link_set_master(link.get(), plan.bridge_index);
  rtnl_link_set_flags(link.get(), IFF_UP);
  nl::Link peer(rtnl_link_veth_get_peer(link.get()));
  nl::Addr mac = MOCKER_TRY(nl::mac_addr(plan.mac));
  rtnl_link_set_name(peer.get(), plan.peer_name.c_str());
  rtnl_link_set_addr(peer.get(), mac.get());
  rtnl_link_set_ns_fd(peer.get(), plan.netns_fd);
  if (int rc = rtnl_link_add(host, link.get(), NLM_F_CREATE | NLM_F_EXCL); rc < 0)
    return nl::error("create veth", plan.host_name + " (peer " + plan.peer_name + ")", rc);
  return sys::ok();
}

sys::Result<std::string> free_ifname(nl_sock* netns) {
  std::vector<std::string> names = MOCKER_TRY(nl::link_names(netns));
  for (int i = 0; i < 1000; ++i) {
    std::string candidate = "eth" + std::to_string(i);
    if (std::find(names.begin(), names.end(), candidate) == names.end()) return candidate;
  }
  return sys::Error::invalid("choose interface name", "", "eth0 ... eth999 are all taken");
}

}  // namespace mocker::engine::network
