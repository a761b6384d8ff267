#include "route.hpp"

#include <netlink/route/addr.h>
#include <netlink/route/route.h>

#include <arpa/inet.h>
#include <linux/rtnetlink.h>

#include <cerrno>
#include <cstring>

namespace mocker::engine::network {

namespace {

struct RtAddrPut { void operator()(rtnl_addr* a) const { rtnl_addr_put(a); } };
struct RoutePut { void operator()(rtnl_route* r) const { rtnl_route_put(r); } };

}  // namespace

sys::Status add_address(nl_sock* sock, int ifindex, Ipv4 ip, int prefix) {
  const std::string object = ip.str() + "/" + std::to_string(prefix);
  std::unique_ptr<rtnl_addr, RtAddrPut> addr(rtnl_addr_alloc());
  if (!addr) return sys::Error::from_errno("add address", object, ENOMEM);
  nl::Addr local = MOCKER_TRY(nl::ipv4_addr(ip, prefix));
  Cidr subnet{Ipv4{ip.value & Cidr{ip, prefix}.mask()}, prefix};
  nl::Addr broadcast = MOCKER_TRY(nl::ipv4_addr(subnet.broadcast()));
  rtnl_addr_set_ifindex(addr.get(), ifindex);
  if (int rc = rtnl_addr_set_local(addr.get(), local.get()); rc < 0) return nl::error("add address", object, rc);
  if (int rc = rtnl_addr_set_broadcast(addr.get(), broadcast.get()); rc < 0) return nl::error("add address", object, rc);
  if (int rc = rtnl_addr_add(sock, addr.get(), NLM_F_EXCL); rc < 0) return nl::error("add address", object, rc);
  return sys::ok();
}

sys::Status add_default_route(nl_sock* sock, int ifindex, Ipv4 gateway) {
  const std::string object = "default via " + gateway.str();
  std::unique_ptr<rtnl_route, RoutePut> route(rtnl_route_alloc());
  rtnl_nexthop* hop = rtnl_route_nh_alloc();
  if (!route || !hop) {
    if (hop) rtnl_route_nh_free(hop);
    return sys::Error::from_errno("add route", object, ENOMEM);
  }
  nl::Addr any = MOCKER_TRY(nl::ipv4_addr(Ipv4{0}, 0));
  nl::Addr via = MOCKER_TRY(nl::ipv4_addr(gateway));
  rtnl_route_set_family(route.get(), AF_INET);
  rtnl_route_set_table(route.get(), RT_TABLE_MAIN);
  rtnl_route_set_scope(route.get(), RT_SCOPE_UNIVERSE);
  rtnl_route_set_type(route.get(), RTN_UNICAST);
  rtnl_route_set_protocol(route.get(), RTPROT_BOOT);
  if (int rc = rtnl_route_set_dst(route.get(), any.get()); rc < 0) return nl::error("add route", object, rc);
  rtnl_route_nh_set_ifindex(hop, ifindex);
  rtnl_route_nh_set_gateway(hop, via.get());
  rtnl_route_add_nexthop(route.get(), hop);  // the route owns the hop now
  if (int rc = rtnl_route_add(sock, route.get(), NLM_F_EXCL); rc < 0) return nl::error("add route", object, rc);
  return sys::ok();
}

sys::Result<std::vector<Cidr>> host_routes(nl_sock* sock) {
  nl_cache* cache = nullptr;
  if (int rc = rtnl_route_alloc_cache(sock, AF_INET, 0, &cache); rc < 0) return nl::error("list routes", "", rc);
  std::vector<Cidr> out;
  for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) {
    auto* route = reinterpret_cast<rtnl_route*>(o);
    if (rtnl_route_get_table(route) != RT_TABLE_MAIN) continue;
    nl_addr* dst = rtnl_route_get_dst(route);
    int prefix = dst ? static_cast<int>(nl_addr_get_prefixlen(dst)) : 0;
    if (!dst || prefix == 0 || nl_addr_get_len(dst) != 4) continue;
    uint32_t be;
    std::memcpy(&be, nl_addr_get_binary_addr(dst), sizeof be);
    Cidr c{Ipv4{ntohl(be)}, prefix};
    c.address.value &= c.mask();
    out.push_back(c);
  }
  nl_cache_free(cache);
  return out;
}

}  // namespace mocker::engine::network
