// cp and export: files in and out of a container's own filesystem (its rootfs
// subvolume), running or not. Paths in the container are confined to the
// rootfs (image/tree.hpp); volumes and tmpfs mounted over it are not seen.
#include <mocker/container/containers.hpp>

#include <mocker/image/tree.hpp>

#include <cerrno>

namespace mocker::engine::container {

namespace {

using image::TreeEntry;

std::string base_name(const TreeEntry& e) {
  if (e.name != ".") return e.name;
  std::string p = e.display;
  while (p.size() > 1 && (p.ends_with("/") || p.ends_with("/."))) p.resize(p.ends_with("/.") ? p.size() - 2 : p.size() - 1);
  auto slash = p.rfind('/');
  std::string last = slash == std::string::npos ? p : p.substr(slash + 1);
  return last.empty() ? "rootfs" : last;
}

// "DIR/." copies what is in DIR rather than DIR itself (docker's rule).
bool contents_only(const std::string& path) { return path == "." || path.ends_with("/."); }

// Where a copy of src lands given what is at dest, by docker cp's rules: into
// an existing directory under src's name, else at dest itself.
sys::Result<TreeEntry> target_for(const TreeEntry& src, const struct stat& src_st, const std::string& src_path,
                                  TreeEntry dest, const std::string& dest_path) {
  auto existing = MOCKER_TRY(image::stat_entry(dest));
  bool src_dir = S_ISDIR(src_st.st_mode);
  if (!existing) {
    if (dest_path.ends_with("/") && !src_dir) return sys::Error::from_errno("copy to", dest_path, ENOENT).with_note("the destination directory does not exist");
    return dest;
  }
  if (S_ISDIR(existing->st_mode)) {
    if (src_dir && contents_only(src_path)) return dest;
    return image::child_of(dest, base_name(src));
  }
  if (src_dir) return sys::Error::invalid("copy to", dest_path, "cannot copy a directory to a file");
  return dest;
}

sys::Status copy_between(TreeEntry src, const std::string& src_path, TreeEntry dest, const std::string& dest_path) {
  auto src_st = MOCKER_TRY(image::stat_entry(src));
  if (!src_st) return sys::Error::from_errno("copy", src_path, ENOENT);
  auto target = MOCKER_TRY(target_for(src, *src_st, src_path, std::move(dest), dest_path));
  return image::copy_tree(src, target);
}

}  // namespace

sys::Result<std::string> Containers::rootfs_of(const std::string& ref) {
  Container c = MOCKER_TRY(get(ref));
  if (auto pending = take_pending_rootfs(c.id)) MOCKER_TRY(pending->get());
  if (c.resources.rootfs.empty()) return sys::Error::invalid("find filesystem of", c.name, "the container has no rootfs");
  return c.resources.rootfs;
}

sys::Status Containers::copy_out(const std::string& ref, const std::string& path, const std::string& host_path) {
  std::string context = "copy " + ref + ":" + path + " to " + host_path;
  auto run = [&]() -> sys::Status {
    std::string rootfs = MOCKER_TRY(rootfs_of(ref));
    auto src = MOCKER_TRY(image::locate_in_root(rootfs, path));
    auto dest = MOCKER_TRY(image::locate_on_host(host_path));
    return copy_between(std::move(src), path, std::move(dest), host_path);
  };
  return run().context(context);
}

sys::Status Containers::copy_in(const std::string& ref, const std::string& host_path, const std::string& path) {
  std::string context = "copy " + host_path + " to " + ref + ":" + path;
  auto run = [&]() -> sys::Status {
    std::string rootfs = MOCKER_TRY(rootfs_of(ref));
    auto src = MOCKER_TRY(image::locate_on_host(host_path));
    auto dest = MOCKER_TRY(image::locate_in_root(rootfs, path));
    return copy_between(std::move(src), host_path, std::move(dest), path);
  };
  return run().context(context);
}

sys::Status Containers::copy_out_tar(const std::string& ref, const std::string& path, int out_fd) {
  auto run = [&]() -> sys::Status {
    std::string rootfs = MOCKER_TRY(rootfs_of(ref));
    auto src = MOCKER_TRY(image::locate_in_root(rootfs, path));
    if (!MOCKER_TRY(image::stat_entry(src))) return sys::Error::from_errno("copy", path, ENOENT);
    return image::write_tar(src, base_name(src), out_fd);
  };
  return run().context("copy " + ref + ":" + path + " to a tar stream");
}

sys::Status Containers::copy_in_tar(const std::string& ref, int in_fd, const std::string& path) {
  auto run = [&]() -> sys::Status {
    std::string rootfs = MOCKER_TRY(rootfs_of(ref));
    auto dest = MOCKER_TRY(image::locate_in_root(rootfs, path));
    auto st = MOCKER_TRY(image::stat_entry(dest));
    if (!st || !S_ISDIR(st->st_mode)) return sys::Error::invalid("extract into", path, "the destination must be an existing directory");
    return image::extract_tar(in_fd, "the tar stream", dest);
  };
  return run().context("copy a tar stream to " + ref + ":" + path);
}

sys::Status Containers::export_rootfs(const std::string& ref, int out_fd) {
  auto run = [&]() -> sys::Status {
    std::string rootfs = MOCKER_TRY(rootfs_of(ref));
    auto root = MOCKER_TRY(image::locate_in_root(rootfs, "/"));
    return image::write_tar(root, "", out_fd);
  };
  return run().context("export " + ref);
}

}  // namespace mocker::engine::container
