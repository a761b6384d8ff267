#pragma once
// The files Docker bind-mounts over /etc/hostname, /etc/hosts and
// /etc/resolv.conf: what they say in each network mode. The facade writes them
// into the container's dir at create and again at start, once the container's
// addresses are known.
#include <mocker/container/container.hpp>
#include <mocker/network/hosts.hpp>

#include <optional>
#include <string>
#include <vector>

namespace mocker::engine::container {

struct ResolvConf {
  std::vector<std::string> nameservers, search, options;
};
ResolvConf parse_resolv_conf(const std::string& text);

// What the files are made of, besides the container's own settings.
struct EtcFacts {
  std::string hostname, name;
  std::vector<network::Endpoint> own;       // its endpoints (none before start)
  std::vector<network::Peer> peers;         // listed only when it asks no DNS server of ours
  std::optional<network::Ipv4> dns_server;  // its first network's gateway, when mocker-dns runs there
  std::string host_hosts, host_resolv;      // the host's /etc/hosts and /etc/resolv.conf
};

// The host's /etc/hosts and /etc/resolv.conf into facts (missing: empty).
void read_host_files(EtcFacts& facts);

struct EtcFiles {
  std::string hosts, resolv_conf;
};
EtcFiles render_etc_files(const NetworkSettings& n, const EtcFacts& facts);

// NAME:IP, as --add-host takes it.
sys::Status check_extra_host(const std::string& entry);

// hostname, hosts, resolv.conf in dir; hosts is rewritten in place when the
// container runs (its bind mount holds the inode, a rename would not show).
sys::Status write_hostname(const std::string& dir, const std::string& hostname);
sys::Status write_etc_files(const std::string& dir, const EtcFiles& files, bool in_place);
// Bind mounts of the three files over /etc, unless the user mounted their own.
void add_etc_mounts(runtime::ContainerSpec& spec, const std::string& dir);

}  // namespace mocker::engine::container
