#pragma once
// The workload's capability set: Docker's default set, plus cap_add, minus cap_drop.
#include <mocker/sys/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mocker::engine::init {

using CapSet = uint64_t;  // bit N set: capability N

// CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP SETPCAP
// NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE
CapSet default_capabilities();

// "NET_ADMIN", "cap_net_admin", "CAP_NET_ADMIN" -> its number.
sys::Result<int> capability_number(std::string_view name);

// Docker's rule: base is the default set, or every capability up to last_cap when
// cap_add has "ALL"; cap_drop "ALL" empties the base, other drops remove from it;
// then the named adds are put in.
sys::Result<CapSet> capability_set(const std::vector<std::string>& cap_add,
                                   const std::vector<std::string>& cap_drop, int last_cap);

// "CAP_CHOWN,CAP_KILL" (for messages and tests).
std::string capability_names(CapSet set);

// The highest capability the running kernel knows.
int last_capability();

// Drops every capability outside `set` from the bounding set (needs CAP_SETPCAP,
// so before switching user), and clears the ambient set.
sys::Status limit_bounding_set(CapSet set);

// Sets effective and permitted to `set` for root, to nothing for other users
// (as docker does); inheritable is always empty.
sys::Status set_capabilities(CapSet set, bool root);

}  // namespace mocker::engine::init
