// mocker create: record first, then make the rootfs and the files the
// container sees as /etc/hostname, /etc/hosts and /etc/resolv.conf.
#include <mocker/container/containers.hpp>

#include "etc_files.hpp"
#include "naming.hpp"
#include "network_settings.hpp"

#include <mocker/storage/subvolume.hpp>
#include <mocker/sys/fault.hpp>
#include <mocker/sys/fd.hpp>
#include <mocker/volume/volumes.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <filesystem>

namespace fs = std::filesystem;

namespace mocker::engine::container {

namespace {

constexpr const char* kKind = "containers";
constexpr const char* kDefaultPath = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

std::string now_rfc3339() {
  auto ts = init::now_realtime();
  return init::format_timestamp(ts);
}

std::string env_key(const std::string& kv) { return kv.substr(0, kv.find('=')); }

// Image env, then the user's; a later KEY replaces an earlier one in place.
std::vector<std::string> merge_env(const std::vector<std::string>& base, const std::vector<std::string>& extra) {
  std::vector<std::string> out = base;
  for (const auto& kv : extra) {
    auto it = std::find_if(out.begin(), out.end(), [&](const std::string& e) { return env_key(e) == env_key(kv); });
    if (it != out.end()) *it = kv;
    else out.push_back(kv);
  }
  return out;
}

bool has_key(const std::vector<std::string>& env, const std::string& key) {
  return std::any_of(env.begin(), env.end(), [&](const std::string& e) { return env_key(e) == key; });
}

sys::Result<std::vector<std::string>> command_of(const CreateOptions& o, const image::Image& img) {
  std::vector<std::string> args = o.entrypoint ? *o.entrypoint : img.config.entrypoint;
  // Docker: a new entrypoint drops the image's Cmd.
  const auto& cmd = !o.cmd.empty() ? o.cmd : (o.entrypoint ? std::vector<std::string>{} : img.config.cmd);
  args.insert(args.end(), cmd.begin(), cmd.end());
  if (args.empty()) return sys::Error::invalid("create container", o.image, "no command specified (the image has no Entrypoint or Cmd)");
  return args;
}

runtime::ContainerSpec spec_of(const CreateOptions& o, const image::Image& img, const std::string& id,
                               std::vector<std::string> args, const std::string& init_path) {
  runtime::ContainerSpec s;
  s.id = id;
  s.hostname = !o.hostname.empty() ? o.hostname : (o.network.kind == NetworkKind::host ? "" : id.substr(0, 12));
  s.domainname = o.domainname;
  s.read_only_rootfs = o.read_only;
  s.mounts = o.mounts;
  s.network = o.network.kind == NetworkKind::host        ? runtime::NetworkMode::host
              : o.network.kind == NetworkKind::container ? runtime::NetworkMode::join  // its path is set at start
                                                         : runtime::NetworkMode::new_namespace;
  s.init_path = init_path;
  auto& p = s.process;
  p.args = std::move(args);
  p.env = merge_env(img.config.env, o.env);
  if (!has_key(p.env, "PATH")) p.env.insert(p.env.begin(), kDefaultPath);
  if (!s.hostname.empty() && !has_key(p.env, "HOSTNAME")) p.env.push_back("HOSTNAME=" + s.hostname);
  if (o.tty && !has_key(p.env, "TERM")) p.env.push_back("TERM=xterm");
  p.cwd = !o.workdir.empty() ? o.workdir : (!img.config.working_dir.empty() ? img.config.working_dir : "/");
  p.user = !o.user.empty() ? o.user : img.config.user;
  p.tty = o.tty;
  p.stdin_open = o.stdin_open;
  p.rlimits = o.ulimits;
  p.cap_add = o.cap_add;
  p.cap_drop = o.cap_drop;
  return s;
}

sys::Status validate(const CreateOptions& o) {
  MOCKER_TRY(check_name(o.name));
  for (const auto& m : o.mounts) {
    if (m.destination.empty() || m.destination[0] != '/')
      return sys::Error::invalid("mount", m.destination, "the container path must be absolute");
    if (m.type == "bind" && (m.source.empty() || m.source[0] != '/'))
      return sys::Error::invalid("mount", m.source, "the host path must be absolute");
    if (m.type == "bind" && ::access(m.source.c_str(), F_OK) != 0)
      return sys::Error::last("bind mount source", m.source);
  }
  MOCKER_TRY(cgroup::validate(o.limits));
  MOCKER_TRY(validate_network(o.network, o.hostname));
  if (o.stop_timeout < 0) return sys::Error::invalid("create container", "--stop-timeout", "must not be negative");
  if (!o.stop_signal.empty() && parse_signal(o.stop_signal) == 0)
    return sys::Error::invalid("create container", o.stop_signal, "unknown stop signal");
  return sys::ok();
}

// Before start, a container on networks has no address yet: its hosts file
// gets one at start. A sharer gets its parent's files at start.
EtcFiles initial_etc_files(const Container& c) {
  EtcFacts facts;
  facts.hostname = c.spec.hostname;
  facts.name = c.name;
  read_host_files(facts);
  return render_etc_files(c.network, facts);
}

}  // namespace

// A named volume is bound by its path. One whose record was written but not
// its subvolume (a command killed between the two) is finished here, so the
// bind finds its source.
sys::Status Containers::repair_volumes(const std::vector<runtime::Mount>& mounts) {
  volume::Volumes volumes(store_, records_);
  for (const auto& m : mounts) {
    if (m.type != "bind") continue;
    fs::path source(m.source);
    if (source.parent_path() != fs::path(store_.volumes_dir())) continue;
    MOCKER_TRY(volumes.repair(source.filename()));
  }
  return sys::ok();
}

sys::Status Containers::finish_create(Container& c) {
  if (storage::is_subvolume(c.resources.rootfs)) return sys::ok();
  if (::mkdir(c.resources.dir.c_str(), 0700) != 0 && errno != EEXIST)
    return sys::Error::last("create directory", c.resources.dir);
  MOCKER_TRY(reserve_addresses(c));
  image::Image img = MOCKER_TRY(images_.resolve(c.image_id));
  MOCKER_TRY(images_.create_rootfs(img, c.resources.rootfs));
  MOCKER_TRY(write_hostname(c.resources.dir, c.spec.hostname));
  MOCKER_TRY(write_etc_files(c.resources.dir, initial_etc_files(c), false));
  add_etc_mounts(c.spec, c.resources.dir);
  return save(c);
}

sys::Result<Container> Containers::create(const CreateOptions& o, RootfsTiming timing) {
  MOCKER_TRY(std::move(repair_volumes(o.mounts)).context(o.name.empty() ? "create container" : "create container " + o.name));
  MOCKER_TRY(validate(o));
  image::Image img = MOCKER_TRY(images_.resolve(o.image));
  auto args = MOCKER_TRY(command_of(o, img));

  Container c;
  c.id = new_container_id();
  c.image = o.image;
  c.image_id = img.id;
  c.created = now_rfc3339();
  c.labels = o.labels;
  c.limits = o.limits;
  c.stop_signal = !o.stop_signal.empty() ? o.stop_signal : (!img.config.stop_signal.empty() ? img.config.stop_signal : "SIGTERM");
  c.stop_timeout = o.stop_timeout;
  c.auto_remove = o.auto_remove;
  c.network = o.network;
  MOCKER_TRY(resolve_network(c.network, c.id));
  c.spec = spec_of(o, img, c.id, std::move(args), config_.init_path);
  c.resources.dir = store_.containers_dir() + "/" + c.id;
  c.resources.rootfs = c.resources.dir + "/rootfs";
  c.resources.cgroup = config_.cgroup_parent + "/" + c.id;
  c.spec.rootfs = c.resources.rootfs;
  c.spec.state_dir = c.resources.dir;
  c.spec.log_path = c.resources.dir + "/container.log";

  {
    auto lock = MOCKER_TRY(records_.lock());
    auto all = MOCKER_TRY(records_.list(kKind));
    std::string name = o.name;
    for (int attempt = 0; name.empty() && attempt < 100; ++attempt) {
      std::string candidate = generate_name();
      if (std::none_of(all.begin(), all.end(), [&](const auto& r) { return r.value("name", "") == candidate; })) name = candidate;
    }
    if (name.empty()) name = "c_" + c.id.substr(0, 12);
    for (const auto& r : all)
      if (r.value("name", "") == name)
        return sys::Error::invalid("create container", name, "the name is already in use by container " + r.value("id", "").substr(0, 12));
    c.name = name;
    MOCKER_TRY(save(c));  // recorded before anything is made
  }
  MOCKER_TRY(sys::fault_point("container.create.recorded"));
  auto made = [&]() -> sys::Status {
    if (::mkdir(c.resources.dir.c_str(), 0700) != 0) return sys::Error::last("create directory", c.resources.dir);
    MOCKER_TRY(reserve_addresses(c));
    bool background = timing == RootfsTiming::while_starting;
    if (!background) MOCKER_TRY(images_.create_rootfs(img, c.resources.rootfs));
    MOCKER_TRY(write_hostname(c.resources.dir, c.spec.hostname));
    MOCKER_TRY(write_etc_files(c.resources.dir, initial_etc_files(c), false));
    add_etc_mounts(c.spec, c.resources.dir);
    MOCKER_TRY(save(c));
    if (background) {
      // Last, so that our own writes to the store do not wait for its
      // transaction commit: what runs meanwhile is cgroups, clone and exec.
      // The cgroup layout is read first: reading /proc/self/mountinfo waits
      // for the commit too (btrfs looks up each mount's subvol= in its trees).
      (void)hierarchy();  // cached; an error comes back from start
      auto snapshot = [this, img, rootfs = c.resources.rootfs] { return images_.create_rootfs(img, rootfs); };
      std::lock_guard lock(pending_mutex_);
      pending_rootfs_[c.id] = std::async(std::launch::async, std::move(snapshot));
    }
    return sys::ok();
  }();
  if (!made) {
    auto e = std::move(made).error();
    if (auto cleanup = release(c); !cleanup) e = std::move(e).with_note("cleanup: " + cleanup.error().render());
    return std::move(e).wrap("create container " + c.name);
  }
  return c;
}

runtime::Mount tmpfs_mount(const std::string& spec) {
  size_t colon = spec.find(':');
  runtime::Mount m{"tmpfs", "tmpfs", spec.substr(0, colon), {"nosuid", "nodev"}};
  if (colon == std::string::npos) return m;
  std::string rest = spec.substr(colon + 1);
  for (size_t start = 0; start <= rest.size();) {
    size_t comma = std::min(rest.find(',', start), rest.size());
    if (comma > start) m.options.push_back(rest.substr(start, comma - start));
    start = comma + 1;
  }
  return m;
}

}  // namespace mocker::engine::container
