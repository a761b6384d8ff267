#include <mocker/init/cgroup_mounts.hpp>

#include <sstream>

namespace mocker::engine::init {

namespace {

constexpr std::string_view kCgroupRoot = "/sys/fs/cgroup";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep))
    if (!item.empty()) out.push_back(item);
  return out;
}

// "/sys/fs/cgroup" -> "", "/sys/fs/cgroup/memory" -> "memory", else false.
bool name_under_root(const std::string& mount_point, std::string& name) {
  if (mount_point == kCgroupRoot) {
    name.clear();
    return true;
  }
  if (!mount_point.starts_with(std::string(kCgroupRoot) + "/")) return false;
  name = mount_point.substr(kCgroupRoot.size() + 1);
  return !name.empty() && name.find('/') == std::string::npos;
}

std::vector<std::pair<std::string, std::string>> v1_parameters(const std::string& super_options) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& o : split(super_options, ',')) {
    if (o == "rw" || o == "ro" || o.starts_with("release_agent=")) continue;
    auto eq = o.find('=');
    out.emplace_back(o.substr(0, eq), eq == std::string::npos ? "" : o.substr(eq + 1));
  }
  return out;
}

}  // namespace

std::vector<CgroupMount> cgroup_mounts(const std::string& mountinfo) {
  std::vector<CgroupMount> out;
  std::istringstream in(mountinfo);
  for (std::string line; std::getline(in, line);) {
    auto fields = split(line, ' ');
    size_t dash = 0;
    while (dash < fields.size() && fields[dash] != "-") ++dash;
    if (fields.size() < 5 || dash + 3 >= fields.size()) continue;
    const std::string& type = fields[dash + 1];
    std::string name;
    if ((type != "cgroup" && type != "cgroup2") || !name_under_root(fields[4], name)) continue;
    CgroupMount m{name, type, {}};
    if (type == "cgroup") m.parameters = v1_parameters(fields[dash + 3]);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> cgroup_aliases(const CgroupMount& m) {
  if (m.type != "cgroup" || m.name.find(',') == std::string::npos) return {};
  return split(m.name, ',');
}

}  // namespace mocker::engine::init
