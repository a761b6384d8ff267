#pragma once
// Where network subnets come from when the user names none.
#include <mocker/network/address.hpp>

#include <vector>

namespace mocker::engine::network {

// `range` split into consecutive subnets of length /size.
struct SubnetPool {
  Cidr range;
  int size = 16;
};

// Docker's defaults: 172.17.0.0/16 ... 172.31.0.0/16, then 192.168.0.0/20 ...
// 192.168.240.0/20. The first, 172.17.0.0/16, is the default network's.
std::vector<SubnetPool> default_subnet_pools();
inline const Cidr kDefaultSubnet{Ipv4{0xac110000}, 16};  // 172.17.0.0/16

// The first subnet of the pools, in order, that overlaps none of `taken`
// (existing networks and the host's routes).
sys::Result<Cidr> choose_subnet(const std::vector<SubnetPool>& pools, const std::vector<Cidr>& taken);

}  // namespace mocker::engine::network
