// What the probe sees of its own process and surroundings.
#include "probe.hpp"

#include <dirent.h>
#include <grp.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

extern char** environ;

namespace mocker::probe {

namespace {

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) out.push_back(line);
  return out;
}

nlohmann::json visible_pids() {
  nlohmann::json pids = nlohmann::json::array();
  DIR* d = ::opendir("/proc");
  if (!d) return pids;
  while (auto* e = ::readdir(d)) {
    char* end;
    long pid = std::strtol(e->d_name, &end, 10);
    if (*end == '\0' && pid > 0) pids.push_back(pid);
  }
  ::closedir(d);
  std::sort(pids.begin(), pids.end());
  return pids;
}

nlohmann::json status_fields() {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& line : lines_of("/proc/self/status")) {
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string key = line.substr(0, colon);
    if (key != "CapInh" && key != "CapPrm" && key != "CapEff" && key != "CapBnd" && key != "CapAmb" &&
        key != "NoNewPrivs" && key != "Seccomp" && key != "Seccomp_filters")
      continue;
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(" \t"));
    out[key] = value;
  }
  return out;
}

nlohmann::json interfaces() {
  nlohmann::json out = nlohmann::json::array();
  struct if_nameindex* links = ::if_nameindex();
  if (!links) return out;
  int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  for (auto* l = links; l->if_index != 0; ++l) {
    struct ifreq ifr {};
    std::strncpy(ifr.ifr_name, l->if_name, IFNAMSIZ - 1);
    bool up = s >= 0 && ::ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && (ifr.ifr_flags & IFF_UP);
    out.push_back({{"name", l->if_name}, {"up", up}});
  }
  if (s >= 0) ::close(s);
  ::if_freenameindex(links);
  return out;
}

nlohmann::json limits() {
  nlohmann::json out = nlohmann::json::object();
  const std::pair<const char*, int> wanted[] = {{"nofile", RLIMIT_NOFILE}, {"nproc", RLIMIT_NPROC},
                                               {"core", RLIMIT_CORE}, {"stack", RLIMIT_STACK}};
  for (const auto& [name, resource] : wanted) {
    struct rlimit r {};
    if (::getrlimit(resource, &r) == 0) out[name] = {r.rlim_cur, r.rlim_max};
  }
  return out;
}

// "net:[4026531840]" for each namespace: tests compare them with the host's.
nlohmann::json namespaces() {
  nlohmann::json out = nlohmann::json::object();
  for (const char* ns : {"cgroup", "ipc", "mnt", "net", "pid", "uts"}) {
    char buf[128] = {};
    ssize_t n = ::readlink((std::string("/proc/self/ns/") + ns).c_str(), buf, sizeof buf - 1);
    out[ns] = n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
  }
  return out;
}

}  // namespace

nlohmann::json isolation_report() {
  nlohmann::json r;
  r["pid"] = ::getpid();
  r["ppid"] = ::getppid();
  r["pids"] = visible_pids();
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  r["hostname"] = host;
  struct utsname u {};
  ::uname(&u);
  r["domainname"] = u.domainname;
  r["mountinfo"] = lines_of("/proc/self/mountinfo");
  r["status"] = status_fields();
  struct statvfs sv {};
  r["sys_read_only"] = ::statvfs("/sys", &sv) == 0 && (sv.f_flag & ST_RDONLY);
  r["root_read_only"] = ::statvfs("/", &sv) == 0 && (sv.f_flag & ST_RDONLY);
  r["cgroup"] = lines_of("/proc/self/cgroup");
  r["uid"] = ::getuid();
  r["gid"] = ::getgid();
  std::vector<gid_t> groups(static_cast<size_t>(::getgroups(0, nullptr)));
  groups.resize(static_cast<size_t>(::getgroups(static_cast<int>(groups.size()), groups.data())));
  r["groups"] = groups;
  char cwd[4096] = {};
  r["cwd"] = ::getcwd(cwd, sizeof cwd) ? cwd : "";
  nlohmann::json env = nlohmann::json::array();
  for (char** e = environ; e && *e; ++e) env.push_back(*e);
  r["env"] = env;
  r["interfaces"] = interfaces();
  r["rlimits"] = limits();
  r["namespaces"] = namespaces();
  return r;
}

std::string words(int err) { return err == 0 ? "ok" : std::strerror(err); }

}  // namespace mocker::probe
