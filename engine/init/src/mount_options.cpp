#include <mocker/init/mount_options.hpp>

#include <sys/mount.h>

#include <string_view>

namespace mocker::engine::init {

namespace {

constexpr std::string_view kPropagation[] = {"private", "rprivate", "shared", "rshared",
                                             "slave",   "rslave",   "z",      "Z"};
constexpr std::string_view kTmpfsParameters[] = {"size", "mode", "uid", "gid", "nr_inodes", "nr_blocks", "huge"};

bool one_of(std::string_view word, const auto& list) {
  for (auto w : list)
    if (w == word) return true;
  return false;
}

bool apply_flag(std::string_view opt, MountOptions& out) {
  if (opt == "ro") out.attributes |= MOUNT_ATTR_RDONLY;
  else if (opt == "rw") out.attributes &= ~uint64_t{MOUNT_ATTR_RDONLY};
  else if (opt == "nosuid") out.attributes |= MOUNT_ATTR_NOSUID;
  else if (opt == "nodev") out.attributes |= MOUNT_ATTR_NODEV;
  else if (opt == "noexec") out.attributes |= MOUNT_ATTR_NOEXEC;
  else if (opt == "suid" || opt == "dev" || opt == "exec") return true;
  else return false;
  return true;
}

}  // namespace

sys::Result<MountOptions> parse_mount_options(const Mount& mount) {
  bool tmpfs = mount.type == "tmpfs";
  if (!tmpfs && mount.type != "bind")
    return sys::Error::invalid("mount", mount.destination, "unknown mount type \"" + mount.type + "\"");
  MountOptions out;
  for (const auto& opt : mount.options) {
    if (apply_flag(opt, out) || one_of(opt, kPropagation)) continue;
    if (!tmpfs && (opt == "bind" || opt == "rbind")) {
      out.recursive = opt == "rbind";
      continue;
    }
    size_t eq = opt.find('=');
    if (tmpfs && eq != std::string::npos && one_of(std::string_view(opt).substr(0, eq), kTmpfsParameters)) {
      out.parameters.emplace_back(opt.substr(0, eq), opt.substr(eq + 1));
      continue;
    }
    return sys::Error::invalid("mount", mount.destination, "unknown " + mount.type + " option \"" + opt + "\"");
  }
  return out;
}

}  // namespace mocker::engine::init
