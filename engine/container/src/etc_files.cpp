#include "etc_files.hpp"

#include <mocker/sys/fd.hpp>

#include <arpa/inet.h>
#include <fcntl.h>

#include <algorithm>
#include <sstream>

namespace mocker::engine::container {

namespace {

constexpr const char* kEtcFiles[] = {"hostname", "hosts", "resolv.conf"};

bool loopback_address(const std::string& ip) { return ip.starts_with("127.") || ip == "::1"; }

// --add-host lines come after everything else, as in Docker.
std::vector<network::Peer> extra_peers(const std::vector<std::string>& extra_hosts) {
  std::vector<network::Peer> out;
  for (const auto& entry : extra_hosts) {
    auto colon = entry.find(':');
    out.push_back({entry.substr(colon + 1), {entry.substr(0, colon)}});
  }
  return out;
}

std::string hosts_text(const NetworkSettings& n, const EtcFacts& f) {
  std::vector<network::Peer> lines;
  if (n.kind == NetworkKind::host) {
    std::string out = f.host_hosts;
    if (!out.empty() && out.back() != '\n') out += '\n';
    for (const auto& p : extra_peers(n.extra_hosts)) out += p.ip + "\t" + p.names.front() + "\n";
    return out;
  }
  // Its own addresses under its host name and its container name.
  for (const auto& e : f.own) {
    network::Peer self{e.ip.str(), {}};
    if (!f.hostname.empty()) self.names.push_back(f.hostname);
    if (!f.name.empty() && f.name != f.hostname) self.names.push_back(f.name);
    if (!self.names.empty()) lines.push_back(self);
  }
  lines.insert(lines.end(), f.peers.begin(), f.peers.end());
  auto extra = extra_peers(n.extra_hosts);
  lines.insert(lines.end(), extra.begin(), extra.end());
  // render_hosts puts the host name on 127.0.1.1 only when it has no address.
  return network::render_hosts(f.own.empty() ? f.hostname : "", {}, lines);
}

// Loopback nameservers of the host cannot be reached from another network
// namespace; they are left out (with none, the host's own stub is useless too).
std::vector<std::string> reachable(const std::vector<std::string>& nameservers) {
  std::vector<std::string> out;
  for (const auto& ns : nameservers)
    if (!loopback_address(ns)) out.push_back(ns);
  return out;
}

std::string resolv_text(const NetworkSettings& n, const EtcFacts& f) {
  ResolvConf host = parse_resolv_conf(f.host_resolv);
  if (n.kind == NetworkKind::host && n.dns.empty()) return f.host_resolv;
  std::vector<std::string> servers;
  if (!n.dns.empty()) servers = n.dns;
  else if (n.kind == NetworkKind::bridge && f.dns_server) servers = {f.dns_server->str()};
  else servers = reachable(host.nameservers);
  return network::render_resolv_conf(servers, host.search, host.options);
}

}  // namespace

ResolvConf parse_resolv_conf(const std::string& text) {
  ResolvConf out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string key, word;
    if (!(words >> key)) continue;
    std::vector<std::string>* into = key == "nameserver" ? &out.nameservers
                                     : key == "search"   ? &out.search
                                     : key == "options"  ? &out.options
                                                         : nullptr;
    if (!into) continue;
    if (key == "search") into->clear();  // the last search line wins
    while (words >> word) {
      into->push_back(word);
      if (key == "nameserver") break;
    }
  }
  return out;
}

void read_host_files(EtcFacts& facts) {
  auto hosts = sys::read_file("/etc/hosts");
  auto resolv = sys::read_file("/etc/resolv.conf");
  facts.host_hosts = hosts ? *hosts : "";
  facts.host_resolv = resolv ? *resolv : "";
}

EtcFiles render_etc_files(const NetworkSettings& n, const EtcFacts& f) { return {hosts_text(n, f), resolv_text(n, f)}; }

sys::Status check_extra_host(const std::string& entry) {
  auto colon = entry.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == entry.size())
    return sys::Error::invalid("parse --add-host", entry, "expected NAME:IP");
  std::string ip = entry.substr(colon + 1);
  unsigned char buf[16];
  if (::inet_pton(AF_INET, ip.c_str(), buf) != 1 && ::inet_pton(AF_INET6, ip.c_str(), buf) != 1)
    return sys::Error::invalid("parse --add-host", entry, "\"" + ip + "\" is not an IP address");
  return sys::ok();
}

sys::Status write_hostname(const std::string& dir, const std::string& hostname) {
  return sys::write_file_atomic(dir + "/hostname", hostname.empty() ? "" : hostname + "\n", 0644, sys::Durability::atomic);
}

sys::Status write_etc_files(const std::string& dir, const EtcFiles& files, bool in_place) {
  const std::pair<const char*, const std::string*> items[] = {{"hosts", &files.hosts}, {"resolv.conf", &files.resolv_conf}};
  for (const auto& [name, content] : items) {
    std::string path = dir + "/" + name;
    if (!in_place) {
      MOCKER_TRY(sys::write_file_atomic(path, *content, 0644, sys::Durability::atomic));
      continue;
    }
    sys::Fd fd = MOCKER_TRY(sys::open_file(path, O_WRONLY | O_TRUNC | O_CREAT, 0644));
    MOCKER_TRY(sys::write_all(fd.get(), *content, path));
  }
  return sys::ok();
}

void add_etc_mounts(runtime::ContainerSpec& spec, const std::string& dir) {
  for (const char* name : kEtcFiles) {
    std::string dest = std::string("/etc/") + name;
    bool user_mounted = std::any_of(spec.mounts.begin(), spec.mounts.end(),
                                    [&](const runtime::Mount& m) { return m.destination == dest; });
    if (!user_mounted) spec.mounts.insert(spec.mounts.begin(), runtime::Mount{"bind", dir + "/" + name, dest, {"rbind", "rw"}});
  }
}

}  // namespace mocker::engine::container
