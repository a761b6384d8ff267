// Finding the cgroup hierarchies and making groups in them.
#include "cgroupfs.hpp"
#include "mountinfo.hpp"
#include "v1/v1.hpp"
#include "v2/v2.hpp"

#include <mocker/sys/fd.hpp>

#include <algorithm>
#include <optional>

namespace mocker::engine::cgroup {

namespace {

constexpr Controller kControllers[] = {Controller::memory, Controller::cpu,     Controller::cpuacct,
                                       Controller::cpuset, Controller::pids,    Controller::freezer,
                                       Controller::devices};

std::optional<Controller> controller_named(std::string_view name) {
  for (Controller c : kControllers) {
    if (controller_name(c) == name) return c;
  }
  return std::nullopt;
}

// "/mocker//abc/" -> "mocker/abc"; nullopt for the root itself or "..", so
// that no operation can reach a group that is not below the roots.
std::optional<std::string> normalize(std::string_view path) {
  std::string out;
  size_t i = 0;
  while (i < path.size()) {
    size_t end = path.find('/', i);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(i, end - i);
    i = end + 1;
    if (part.empty()) continue;
    if (part == "." || part == "..") return std::nullopt;
    if (!out.empty()) out += '/';
    out += part;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// Removes the group's own directories made by a failed create; parents stay,
// another container may be using them.
sys::Error roll_back(sys::Error error, const std::vector<std::string>& created, const Dirs& group) {
  for (auto it = created.rbegin(); it != created.rend(); ++it) {
    bool own = std::any_of(group.begin(), group.end(), [&](const auto& kv) { return kv.second == *it; });
    if (!own) continue;
    if (auto st = cgfs::remove_dir(*it); !st) error = std::move(error).with_note("cleanup: " + st.error().render());
  }
  return error;
}

}  // namespace

std::string_view controller_name(Controller c) {
  switch (c) {
    case Controller::memory: return "memory";
    case Controller::cpu: return "cpu";
    case Controller::cpuacct: return "cpuacct";
    case Controller::cpuset: return "cpuset";
    case Controller::pids: return "pids";
    case Controller::freezer: return "freezer";
    case Controller::devices: return "devices";
  }
  return "unknown";
}

Dirs dirs_below(const Dirs& roots, const std::string& path) {
  Dirs out;
  for (const auto& [c, root] : roots) out.emplace(c, cgfs::join(root, path));
  return out;
}

sys::Result<Hierarchy> Hierarchy::detect() {
  std::string text = MOCKER_TRY(sys::read_file("/proc/self/mountinfo"));
  return from_mountinfo(text);
}

sys::Result<Hierarchy> Hierarchy::from_mountinfo(std::string_view mountinfo, std::string root_prefix) {
  Dirs v1_roots;
  std::optional<std::string> unified;
  for (const auto& m : parse_cgroup_mounts(mountinfo)) {
    if (m.unified) {
      if (!unified) unified = root_prefix + m.mount_point;
      continue;
    }
    for (const auto& name : m.controllers) {
      // emplace keeps the first mount of a controller.
      if (auto c = controller_named(name)) v1_roots.emplace(*c, root_prefix + m.mount_point);
    }
  }
  // Any v1 controller means v1 (or hybrid): a cgroup2 mount beside them holds
  // no controller we use (on hybrid hosts at most hugetlb or none at all).
  if (!v1_roots.empty()) return Hierarchy(Version::v1, std::move(v1_roots));
  if (unified) {
    Dirs all;
    for (Controller c : kControllers) all.emplace(c, *unified);
    return Hierarchy(Version::v2, std::move(all));
  }
  return sys::Error::invalid("find cgroup hierarchy", "mountinfo", "no cgroup or cgroup2 filesystem is mounted")
      .with_hint("mount cgroup2 on /sys/fs/cgroup: mount -t cgroup2 none /sys/fs/cgroup");
}

sys::Result<Cgroup> Hierarchy::create(const std::string& path, const Limits& limits) const {
  auto rel = normalize(path);
  if (!rel) return sys::Error::invalid("create cgroup", path, "expected a path below the hierarchy roots");
  std::string context = "create cgroup " + *rel;
  MOCKER_TRY(validate(limits).context(context));
  std::vector<std::string> created;
  auto warnings = version_ == Version::v1
                      ? v1::setup(roots_, *rel, limits, created)
                      : v2::setup(roots_.at(Controller::memory), *rel, limits, created);
  if (!warnings) {
    return roll_back(std::move(warnings).error(), created, dirs_below(roots_, *rel)).wrap(context);
  }
  Cgroup group = open(*rel);
  group.warnings_ = std::move(*warnings);
  return group;
}

Cgroup Hierarchy::open(const std::string& path) const {
  auto rel = normalize(path);
  // An invalid path gets no directories: every operation on it then fails.
  if (!rel) return Cgroup(version_, path, {});
  return Cgroup(version_, *rel, dirs_below(roots_, *rel));
}

}  // namespace mocker::engine::cgroup
