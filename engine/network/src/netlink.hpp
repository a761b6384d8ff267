#pragma once
// rtnetlink through libnl-route-3: sockets (also inside another network
// namespace), libnl's error codes as errno, and the link operations every
// kernel feature file needs.
#include <mocker/network/address.hpp>

#include <netlink/addr.h>
#include <netlink/route/link.h>
#include <netlink/socket.h>

#include <memory>
#include <string>
#include <vector>

namespace mocker::engine::network::nl {

struct SocketFree { void operator()(nl_sock* s) const { nl_socket_free(s); } };
struct LinkPut { void operator()(rtnl_link* l) const { rtnl_link_put(l); } };
struct AddrPut { void operator()(nl_addr* a) const { nl_addr_put(a); } };
using Socket = std::unique_ptr<nl_sock, SocketFree>;
using Link = std::unique_ptr<rtnl_link, LinkPut>;
using Addr = std::unique_ptr<nl_addr, AddrPut>;

// libnl returns negative NLE_* codes; the error carries the matching errno
// where there is one, so it renders in the usual words.
sys::Error error(std::string operation, std::string object, int nl_code);
bool not_found(int nl_code);

// A routing socket in the caller's network namespace.
sys::Result<Socket> open_socket();
// A routing socket in the network namespace at `netns_path`. A socket stays
// in the namespace it was created in, so a short-lived thread enters the
// namespace, opens it and exits; the caller's own namespace never changes.
sys::Result<Socket> open_socket_in(const std::string& netns_path);

sys::Result<Addr> ipv4_addr(Ipv4 ip, int prefix = 32);
sys::Result<Addr> mac_addr(const std::string& mac);

// ENODEV when missing.
sys::Result<Link> get_link(nl_sock* sock, const std::string& name);
sys::Result<int> link_index(nl_sock* sock, const std::string& name);
sys::Result<bool> link_exists(nl_sock* sock, const std::string& name);
sys::Status set_link_up(nl_sock* sock, const std::string& name);
// Deleting a link that is already gone is not an error.
sys::Status delete_link(nl_sock* sock, const std::string& name);
sys::Result<std::vector<std::string>> link_names(nl_sock* sock);

}  // namespace mocker::engine::network::nl
