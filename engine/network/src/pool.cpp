#include <mocker/network/pool.hpp>

namespace mocker::engine::network {

std::vector<SubnetPool> default_subnet_pools() {
  return {
      SubnetPool{Cidr{Ipv4{0xac110000}, 16}, 16},  // 172.17.0.0 ... 172.31.0.0 (/16 each)
      SubnetPool{Cidr{Ipv4{0xac120000}, 15}, 16},
      SubnetPool{Cidr{Ipv4{0xac140000}, 14}, 16},
      SubnetPool{Cidr{Ipv4{0xac180000}, 13}, 16},
      SubnetPool{Cidr{Ipv4{0xc0a80000}, 16}, 20},  // 192.168.0.0 ... 192.168.240.0 (/20 each)
  };
}

sys::Result<Cidr> choose_subnet(const std::vector<SubnetPool>& pools, const std::vector<Cidr>& taken) {
  for (const auto& pool : pools) {
    if (pool.size < pool.range.prefix || pool.size > 30) continue;
    uint64_t count = uint64_t{1} << (pool.size - pool.range.prefix);
    uint64_t step = uint64_t{1} << (32 - pool.size);
    for (uint64_t i = 0; i < count; ++i) {
      Cidr candidate{Ipv4{static_cast<uint32_t>(pool.range.address.value + i * step)}, pool.size};
      bool free = true;
      for (const auto& t : taken) free = free && !candidate.overlaps(t);
      if (free) return candidate;
    }
  }
  return sys::Error::invalid("choose subnet", "", "every subnet of the address pools overlaps a network or a host route");
}

}  // namespace mocker::engine::network
