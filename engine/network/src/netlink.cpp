#include "netlink.hpp"

#include <mocker/sys/fd.hpp>

#include <fcntl.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <sched.h>

#include <arpa/inet.h>
#include <cerrno>
#include <thread>

namespace mocker::engine::network::nl {

namespace {

int errno_of(int code) {
  switch (code < 0 ? -code : code) {
    case NLE_INTR: return EINTR;
    case NLE_AGAIN: return EAGAIN;
    case NLE_NOMEM: return ENOMEM;
    case NLE_EXIST: return EEXIST;
    case NLE_INVAL: return EINVAL;
    case NLE_RANGE: return ERANGE;
    case NLE_OPNOTSUPP: return EOPNOTSUPP;
    case NLE_AF_NOSUPPORT: return EAFNOSUPPORT;
    case NLE_OBJ_NOTFOUND: return ENOENT;
    case NLE_NOADDR: return EADDRNOTAVAIL;
    case NLE_BUSY: return EBUSY;
    case NLE_NOACCESS: return EACCES;
    case NLE_PERM: return EPERM;
    case NLE_NODEV: return ENODEV;
    default: return 0;
  }
}

}  // namespace

sys::Error error(std::string operation, std::string object, int nl_code) {
  int err = errno_of(nl_code);
  if (err) return sys::Error::from_errno(std::move(operation), std::move(object), err);
  return sys::Error::invalid(std::move(operation), std::move(object), nl_geterror(nl_code));
}

bool not_found(int nl_code) {
  int err = errno_of(nl_code);
  return err == ENODEV || err == ENOENT;
}

sys::Result<Socket> open_socket() {
  Socket sock(nl_socket_alloc());
  if (!sock) return sys::Error::from_errno("open netlink socket", "", ENOMEM);
  if (int rc = nl_connect(sock.get(), NETLINK_ROUTE); rc < 0) return error("connect netlink socket", "", rc);
  return sock;
}

sys::Result<Socket> open_socket_in(const std::string& netns_path) {
  sys::Fd ns = MOCKER_TRY(sys::open_file(netns_path, O_RDONLY));
  sys::Result<Socket> result = sys::Error::invalid("open netlink socket", netns_path, "not attempted");
  std::thread worker([&] {
    if (::setns(ns.get(), CLONE_NEWNET) != 0) {
      result = sys::Error::last("enter network namespace", netns_path);
      return;
    }
    result = open_socket();
  });
  worker.join();
  return result;
}

sys::Result<Addr> ipv4_addr(Ipv4 ip, int prefix) {
  uint32_t be = htonl(ip.value);
  Addr a(nl_addr_build(AF_INET, &be, sizeof be));
  if (!a) return sys::Error::from_errno("build address", ip.str(), ENOMEM);
  nl_addr_set_prefixlen(a.get(), prefix);
  return a;
}

sys::Result<Addr> mac_addr(const std::string& mac) {
  MOCKER_TRY(check_mac(mac));
  nl_addr* a = nullptr;
  if (int rc = nl_addr_parse(mac.c_str(), AF_LLC, &a); rc < 0) return error("parse MAC address", mac, rc);
  return Addr(a);
}

sys::Result<Link> get_link(nl_sock* sock, const std::string& name) {
  rtnl_link* link = nullptr;
  if (int rc = rtnl_link_get_kernel(sock, 0, name.c_str(), &link); rc < 0) {
    if (not_found(rc)) return sys::Error::from_errno("find link", name, ENODEV);
    return error("find link", name, rc);
  }
  return Link(link);
}

sys::Result<int> link_index(nl_sock* sock, const std::string& name) {
  Link link = MOCKER_TRY(get_link(sock, name));
  return rtnl_link_get_ifindex(link.get());
}

sys::Result<bool> link_exists(nl_sock* sock, const std::string& name) {
  auto link = get_link(sock, name);
  if (link) return true;
  if (link.error().err == ENODEV) return false;
  return std::move(link).error();
}

sys::Status set_link_up(nl_sock* sock, const std::string& name) {
  Link link = MOCKER_TRY(get_link(sock, name));
  Link change(rtnl_link_alloc());
  if (!change) return sys::Error::from_errno("bring up", name, ENOMEM);
  rtnl_link_set_flags(change.get(), IFF_UP);
  if (int rc = rtnl_link_change(sock, link.get(), change.get(), 0); rc < 0) return error("bring up", name, rc);
  return sys::ok();
}

sys::Status delete_link(nl_sock* sock, const std::string& name) {
  Link link(rtnl_link_alloc());
  if (!link) return sys::Error::from_errno("delete link", name, ENOMEM);
  rtnl_link_set_name(link.get(), name.c_str());
  int rc = rtnl_link_delete(sock, link.get());
  if (rc < 0 && !not_found(rc)) return error("delete link", name, rc);
  return sys::ok();
}

sys::Result<std::vector<std::string>> link_names(nl_sock* sock) {
  nl_cache* cache = nullptr;
  if (int rc = rtnl_link_alloc_cache(sock, AF_UNSPEC, &cache); rc < 0) return error("list links", "", rc);
  std::vector<std::string> names;
  for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o))
    if (const char* n = rtnl_link_get_name(reinterpret_cast<rtnl_link*>(o))) names.emplace_back(n);
  nl_cache_free(cache);
  return names;
}

}  // namespace mocker::engine::network::nl
