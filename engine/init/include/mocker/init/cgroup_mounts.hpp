#pragma once
// Which cgroup filesystems a container gets under /sys/fs/cgroup: the same
// layout as the host's (pure v2, v1, or hybrid), read from mountinfo. Mounted
// inside the container's cgroup namespace, each shows the container's own
// group as its root, so runtimes that size themselves from their limits (JVM,
// Go, .NET, Node) find them.
#include <string>
#include <utility>
#include <vector>

namespace mocker::engine::init {

struct CgroupMount {
  std::string name;  // under /sys/fs/cgroup; empty: /sys/fs/cgroup itself (pure v2)
  std::string type;  // "cgroup" (v1) or "cgroup2"
  std::vector<std::pair<std::string, std::string>> parameters;  // v1: controllers (flags) and name=
};

// The host's cgroup mounts at /sys/fs/cgroup and one level below it, in
// mountinfo order. Options a namespace may not set (release_agent) and the
// generic rw/ro are left out.
std::vector<CgroupMount> cgroup_mounts(const std::string& mountinfo);

// For a v1 hierarchy named "cpu,cpuacct": the links "cpu" and "cpuacct" a
// host makes beside it.
std::vector<std::string> cgroup_aliases(const CgroupMount& m);

}  // namespace mocker::engine::init
