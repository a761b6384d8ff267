#include <mocker/network/docker_user.hpp>

#include "nft.hpp"

#include <mocker/sys/process.hpp>

#include <sstream>

namespace mocker::engine::network {

namespace {

constexpr const char* kChain = "DOCKER-USER";

struct OurRule {
  std::vector<std::string> spec;  // iptables' words after the chain name
  std::string listed_as;          // what nft shows of it
  std::string listed_with;        // and a second part of the same line, if any
};

// From our bridges: out to anywhere and between containers of one bridge
// (isolation between our networks stays in our own table); to our bridges:
// replies, and connections to published ports.
const std::vector<OurRule>& our_rules() {
  static const std::vector<OurRule> rules = {
      {{"-i", "mkr-+", "-m", "comment", "--comment", "mocker", "-j", "ACCEPT"}, "iifname \"mkr-*\"", ""},
      {{"-o", "mkr-+", "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-m", "comment", "--comment", "mocker",
        "-j", "ACCEPT"},
       "oifname \"mkr-*\"",
       "ct state related,established"},
      {{"-o", "mkr-+", "-m", "conntrack", "--ctstate", "DNAT", "-m", "comment", "--comment", "mocker", "-j", "ACCEPT"},
       "oifname \"mkr-*\"",
       "ct status dnat"},
  };
  return rules;
}

bool listed(const std::string& listing, const OurRule& rule) {
  std::istringstream in(listing);
  for (std::string line; std::getline(in, line);) {
    if (line.find(rule.listed_as) == std::string::npos) continue;
    if (rule.listed_with.empty() ? line.find(" ct ") == std::string::npos
                                 : line.find(rule.listed_with) != std::string::npos)
      return true;
  }
  return false;
}

}  // namespace

std::vector<std::vector<std::string>> docker_user_commands(const std::string& chain_listing, bool wanted) {
  std::vector<std::vector<std::string>> commands;
  for (const auto& rule : our_rules()) {
    if (listed(chain_listing, rule) == wanted) continue;
    std::vector<std::string> argv = {"iptables", "-w", "-t", "filter", wanted ? "-I" : "-D", kChain};
    argv.insert(argv.end(), rule.spec.begin(), rule.spec.end());
    commands.push_back(std::move(argv));
  }
  return commands;
}

sys::Status sync_docker_user(bool wanted) {
  auto listing = MOCKER_TRY(list_nft(std::string("list chain ip filter ") + kChain));
  if (!listing) return sys::ok();  // no Docker here (or not its nftables backend)
  for (const auto& argv : docker_user_commands(*listing, wanted)) {
    auto out = MOCKER_TRY(sys::run_process(argv));
    if (out.exit_code != 0)
      return sys::Error::invalid(wanted ? "add rule to" : "remove rule from", std::string("filter ") + kChain,
                                 "iptables exited with " + std::to_string(out.exit_code) + ": " + out.output);
  }
  return sys::ok();
}

}  // namespace mocker::engine::network
