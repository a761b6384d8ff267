#pragma once
// Coexistence with Docker. Docker's filter table drops forwarded traffic by
// default (FORWARD policy DROP, br_netfilter on), and in nftables an accept
// in our own table cannot override a drop in another table's chain on the
// same hook. Docker leaves DOCKER-USER for exactly this, so while a network
// of ours exists we keep three accept rules for our bridges there, and only
// when that chain exists. They are written with iptables, the tool Docker
// reads its chains with, so Docker keeps understanding its table.
#include <mocker/sys/result.hpp>

#include <string>
#include <vector>

namespace mocker::engine::network {

// The iptables commands that bring DOCKER-USER (listed by nft as
// `chain_listing`) in line: our rules added when `wanted`, removed otherwise.
// Pure; empty when nothing is to change.
std::vector<std::vector<std::string>> docker_user_commands(const std::string& chain_listing, bool wanted);

// Lists DOCKER-USER and runs those commands; nothing when there is no such chain.
sys::Status sync_docker_user(bool wanted);

}  // namespace mocker::engine::network
