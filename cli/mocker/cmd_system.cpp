// mocker info / system df / system prune and container|image|volume|network
// prune. What each prune removes is decided in prune_rules.cpp; the removals
// are the engine's own (rm, rmi, volume rm, network rm).
#include "context.hpp"
#include "prune_rules.hpp"

#include <mocker/cli/output.hpp>
#include <mocker/volume/volumes.hpp>

#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <iostream>
#include <set>

namespace mocker::cli {

namespace sys = engine::sys;
namespace container = engine::container;

namespace {

engine::volume::Volumes volumes_of(engine::Engine& e) { return engine::volume::Volumes(e.store(), e.records()); }

// What a prune removed: names as docker prints them, and the bytes freed.
struct Pruned {
  std::vector<std::string> removed;
  uint64_t bytes = 0;
};

// Docker prompts on a terminal; without one, -f is required rather than
// reading an answer nobody typed.
sys::Result<bool> confirm(bool force, const std::string& warning) {
  if (force) return true;
  if (!::isatty(0))
    return sys::Error::invalid("prune", "stdin", "not a terminal, so there is nobody to confirm: use -f to prune without a prompt");
  std::cout << "WARNING! This will remove:\n" << warning << "\nAre you sure you want to continue? [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes" || answer == "Yes";
}

sys::Result<Pruned> prune_containers(engine::Engine& e) {
  Pruned out;
  auto& cs = e.containers();
  for (const auto& c : MOCKER_TRY(cs.list(true, {}))) {
    if (c.state.status == container::Status::running) continue;
    uint64_t size = cs.writable_size(c);
    MOCKER_TRY(cs.remove(c.id, false));
    out.removed.push_back(c.id);
    out.bytes += size;
  }
  return out;
}

sys::Result<Pruned> prune_networks(engine::Engine& e) {
  std::set<std::string> used;
  for (const auto& c : MOCKER_TRY(e.containers().list(true, {})))
    for (const auto& r : c.network.networks) used.insert(r.network), used.insert(r.name);
  std::vector<PruneCandidate> candidates;
  std::map<std::string, std::string> names;
  for (const auto& n : MOCKER_TRY(e.networks().list())) {
    candidates.push_back({n.id, used.contains(n.id) || used.contains(n.name), predefined_network(n.name)});
    names[n.id] = n.name;
  }
  Pruned out;
  for (const auto& id : select_unused(candidates, false)) {
    MOCKER_TRY(e.networks().remove(id));
    out.removed.push_back(names[id]);
  }
  return out;
}

sys::Result<Pruned> prune_images(engine::Engine& e, bool all) {
  std::vector<PruneCandidate> candidates;
  std::map<std::string, engine::image::Image> by_id;
  for (const auto& i : MOCKER_TRY(e.images().list())) {
    candidates.push_back({i.id, e.image_in_use(i.id), !i.repo_tags.empty()});
    by_id[i.id] = i;
  }
  Pruned out;
  auto in_use = [&e](const std::string& id) { return e.image_in_use(id); };
  for (const auto& id : select_unused(candidates, all)) {
    // Unused was checked; force only lets an image with several names go at once.
    auto lines = MOCKER_TRY(e.images().remove(id, by_id[id].repo_tags.size() > 1, in_use));
    out.removed.insert(out.removed.end(), lines.begin(), lines.end());
    out.bytes += by_id[id].size;
  }
  return out;
}

sys::Result<Pruned> prune_volumes(engine::Engine& e, bool all) {
  std::set<std::string> used;
  for (const auto& c : MOCKER_TRY(e.containers().list(true, {})))
    for (const auto& m : c.spec.mounts) used.insert(m.source);
  auto volumes = volumes_of(e);
  std::vector<PruneCandidate> candidates;
  std::map<std::string, std::string> mountpoints;
  for (const auto& v : MOCKER_TRY(volumes.list())) {
    candidates.push_back({v.name, used.contains(v.mountpoint), !anonymous_volume(v.labels)});
    mountpoints[v.name] = v.mountpoint;
  }
  Pruned out;
  for (const auto& name : select_unused(candidates, all)) {
    uint64_t size = container::apparent_size(mountpoints[name]);
    MOCKER_TRY(volumes.remove(name));
    out.removed.push_back(name);
    out.bytes += size;
  }
  return out;
}

void print_pruned(const std::string& title, const Pruned& p) {
  if (p.removed.empty()) return;
  std::cout << "Deleted " << title << ":\n";
  for (const auto& r : p.removed) std::cout << r << "\n";
  std::cout << "\n";
}

using Pruner = std::function<sys::Result<Pruned>(engine::Engine&)>;

// One prune command: flags, the confirmation, the report.
void add_prune(CLI::App& parent, Context& ctx, const std::string& what, const std::string& title,
               const std::function<std::string(bool all)>& warning, const std::function<Pruner(bool all)>& pruner,
               bool has_all, const std::string& all_help) {
  auto* cmd = parent.add_subcommand("prune", "Remove " + what);
  auto force = std::make_shared<bool>(false);
  auto all = std::make_shared<bool>(false);
  cmd->add_flag("-f,--force", *force, "Do not prompt for confirmation");
  if (has_all) cmd->add_flag("-a,--all", *all, all_help);
  cmd->callback([&ctx, force, all, title, warning, pruner] {
    run_command(ctx, [&]() -> sys::Status {
      if (!MOCKER_TRY(confirm(*force, warning(*all)))) return sys::ok();
      auto* e = MOCKER_TRY(ctx.engine());
      auto pruned = MOCKER_TRY(pruner(*all)(*e));
      print_pruned(title, pruned);
      if (title != "Networks") std::cout << "Total reclaimed space: " << human_size(pruned.bytes) << "\n";
      return sys::ok();
    });
  });
}

CLI::App* group(CLI::App& app, const std::string& name, const std::string& description) {
  try {
    return app.get_subcommand(name);
  } catch (const CLI::OptionNotFound&) {
    auto* g = app.add_subcommand(name, description);
    g->require_subcommand(1);
    return g;
  }
}

void add_object_prunes(CLI::App& app, Context& ctx) {
  add_prune(*group(app, "container", "Manage containers"), ctx, "all stopped containers", "Containers",
            [](bool) { return "  - all stopped containers"; },
            [](bool) -> Pruner { return prune_containers; }, false, "");
  add_prune(*group(app, "image", "Manage images"), ctx, "unused images", "Images",
            [](bool all) { return all ? "  - all images without at least one container associated to them" : "  - all dangling images"; },
            [](bool all) -> Pruner { return [all](engine::Engine& e) { return prune_images(e, all); }; }, true,
            "Remove all unused images, not just dangling ones");
  add_prune(*group(app, "volume", "Manage named volumes"), ctx, "unused anonymous volumes (-a: all unused volumes)", "Volumes",
            [](bool all) { return all ? "  - all volumes not used by at least one container" : "  - all anonymous volumes not used by at least one container"; },
            [](bool all) -> Pruner { return [all](engine::Engine& e) { return prune_volumes(e, all); }; }, true,
            "Remove all unused volumes, not just anonymous ones");
  add_prune(*group(app, "network", "Manage networks"), ctx, "all unused networks", "Networks",
            [](bool) { return "  - all networks not used by at least one container"; },
            [](bool) -> Pruner { return prune_networks; }, false, "");
}

struct SystemPruneFlags {
  bool force = false, all = false, volumes = false;
};

std::string system_prune_warning(const SystemPruneFlags& f) {
  std::string w = "  - all stopped containers\n  - all networks not used by at least one container\n";
  if (f.volumes) w += "  - all anonymous volumes not used by at least one container\n";
  w += f.all ? "  - all images without at least one container associated to them" : "  - all dangling images";
  return w;
}

void add_system(CLI::App& app, Context& ctx);

}  // namespace

void register_system_commands(CLI::App& app, Context& ctx) {
  add_object_prunes(app, ctx);
  add_system(app, ctx);
}

namespace {

nlohmann::json info_json(engine::Engine& e) {
  nlohmann::json j;
  const auto& store = e.store();
  j["store"] = {{"root", store.root()}, {"path", store.path()}, {"loop_backed", store.loop_backed()}};
  struct statvfs fs {};
  if (::statvfs(store.path().c_str(), &fs) == 0) {
    uint64_t total = uint64_t(fs.f_blocks) * fs.f_frsize, avail = uint64_t(fs.f_bavail) * fs.f_frsize;
    uint64_t free_blocks = uint64_t(fs.f_bfree) * fs.f_frsize;
    j["store"]["size_bytes"] = total;
    j["store"]["used_bytes"] = total - free_blocks;
    j["store"]["available_bytes"] = avail;
  }
  if (auto h = e.containers().cgroup_hierarchy(); h) {
    bool v1 = (*h)->version() == engine::cgroup::Version::v1;
    nlohmann::json roots = nlohmann::json::object();
    for (const auto& [c, dir] : (*h)->roots()) roots[std::string(engine::cgroup::controller_name(c))] = dir;
    j["cgroup"] = {{"version", v1 ? 1 : 2}, {"controllers", roots}};
  } else {
    j["cgroup"] = {{"error", h.error().render()}};
  }
  int running = 0, paused = 0, stopped = 0;
  if (auto list = e.containers().list(true, {}); list) {
    for (const auto& c : *list) {
      if (c.state.status != container::Status::running) ++stopped;
      else if (c.state.paused) ++paused;
      else ++running;
    }
    j["containers"] = {{"total", list->size()}, {"running", running}, {"paused", paused}, {"stopped", stopped}};
  }
  if (auto images = e.images().list(); images) j["images"] = images->size();
  if (auto volumes = volumes_of(e).list(); volumes) j["volumes"] = volumes->size();
  if (auto networks = e.networks().list(); networks) j["networks"] = networks->size();
  struct utsname u {};
  if (::uname(&u) == 0) j["kernel"] = std::string(u.release), j["architecture"] = std::string(u.machine);
  return j;
}

void print_info(const nlohmann::json& j) {
  auto bytes = [&](const char* key) { return j["store"].contains(key) ? human_size(j["store"][key].get<uint64_t>()) : "?"; };
  const auto& c = j.value("containers", nlohmann::json::object());
  std::cout << "Containers: " << c.value("total", 0) << "\n"
            << " Running: " << c.value("running", 0) << "\n"
            << " Paused: " << c.value("paused", 0) << "\n"
            << " Stopped: " << c.value("stopped", 0) << "\n"
            << "Images: " << j.value("images", 0) << "\n"
            << "Volumes: " << j.value("volumes", 0) << "\n"
            << "Networks: " << j.value("networks", 0) << "\n"
            << "Storage Driver: btrfs" << (j["store"].value("loop_backed", false) ? " (loop-backed)" : "") << "\n"
            << " Root Dir: " << j["store"].value("root", "") << "\n"
            << " Store: " << j["store"].value("path", "") << "\n"
            << " Size: " << bytes("size_bytes") << ", used " << bytes("used_bytes") << ", available "
            << bytes("available_bytes") << "\n";
  if (j["cgroup"].contains("version")) {
    std::cout << "Cgroup Version: " << j["cgroup"]["version"].get<int>() << "\n";
    for (const auto& [name, dir] : j["cgroup"]["controllers"].items()) std::cout << " " << name << ": " << dir.get<std::string>() << "\n";
  } else {
    std::cout << "Cgroup: " << j["cgroup"].value("error", "") << "\n";
  }
  std::cout << "Kernel Version: " << j.value("kernel", "") << "\n"
            << "Architecture: " << j.value("architecture", "") << "\n";
}

struct DfRow {
  std::string type;
  size_t total = 0, active = 0;
  uint64_t size = 0, reclaimable = 0;
};

sys::Result<std::vector<DfRow>> disk_usage(engine::Engine& e) {
  DfRow images{"Images"}, containers{"Containers"}, volumes{"Local Volumes"};
  auto list = MOCKER_TRY(e.containers().list(true, {}));
  for (const auto& i : MOCKER_TRY(e.images().list())) {
    bool used = e.image_in_use(i.id);
    ++images.total;
    images.size += i.size;
    if (used) ++images.active;
    else images.reclaimable += i.size;
  }
  std::set<std::string> mounted;
  for (const auto& c : list) {
    uint64_t size = e.containers().writable_size(c);
    bool running = c.state.status == container::Status::running;
    ++containers.total;
    containers.size += size;
    if (running) ++containers.active;
    else containers.reclaimable += size;
    for (const auto& m : c.spec.mounts) mounted.insert(m.source);
  }
  for (const auto& v : MOCKER_TRY(volumes_of(e).list())) {
    uint64_t size = container::apparent_size(v.mountpoint);
    ++volumes.total;
    volumes.size += size;
    if (mounted.contains(v.mountpoint)) ++volumes.active;
    else volumes.reclaimable += size;
  }
  return std::vector<DfRow>{images, containers, volumes};
}

void add_info(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("info", "Show store, cgroup and object counts");
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("-f,--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->callback([&ctx, format] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto j = info_json(*e);
      if (*format == "json") std::cout << j.dump() << "\n";
      else print_info(j);
      return sys::ok();
    });
  });
}

void add_df(CLI::App& system, Context& ctx) {
  auto* cmd = system.add_subcommand("df", "Show disk usage (apparent sizes of files; see docs/commands.md)");
  auto format = std::make_shared<std::string>("table");
  cmd->add_option("--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  cmd->callback([&ctx, format] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto rows = MOCKER_TRY(disk_usage(*e));
      if (*format == "json") {
        // One object per line, as docker prints --format json.
        for (const auto& r : rows)
          std::cout << nlohmann::json{{"Type", r.type}, {"TotalCount", r.total}, {"Active", r.active},
                                      {"Size", r.size}, {"Reclaimable", r.reclaimable}}.dump() << "\n";
        return sys::ok();
      }
      Table t({"TYPE", "TOTAL", "ACTIVE", "SIZE", "RECLAIMABLE"});
      for (const auto& r : rows) {
        std::string pct = r.size ? " (" + std::to_string(r.reclaimable * 100 / r.size) + "%)" : "";
        t.add({r.type, std::to_string(r.total), std::to_string(r.active), human_size(r.size), human_size(r.reclaimable) + pct});
      }
      std::cout << t.render();
      return sys::ok();
    });
  });
}

void add_system_prune(CLI::App& system, Context& ctx) {
  auto* cmd = system.add_subcommand("prune", "Remove stopped containers, unused networks and dangling images");
  auto f = std::make_shared<SystemPruneFlags>();
  cmd->add_flag("-f,--force", f->force, "Do not prompt for confirmation");
  cmd->add_flag("-a,--all", f->all, "Remove all unused images, not just dangling ones");
  cmd->add_flag("--volumes", f->volumes, "Prune anonymous volumes (named volumes are never removed here)");
  cmd->callback([&ctx, f] {
    run_command(ctx, [&]() -> sys::Status {
      if (!MOCKER_TRY(confirm(f->force, system_prune_warning(*f)))) return sys::ok();
      auto* e = MOCKER_TRY(ctx.engine());
      uint64_t total = 0;
      auto report = [&](const std::string& title, const Pruned& p) {
        print_pruned(title, p);
        total += p.bytes;
      };
      report("Containers", MOCKER_TRY(prune_containers(*e)));
      report("Networks", MOCKER_TRY(prune_networks(*e)));
      if (f->volumes) report("Volumes", MOCKER_TRY(prune_volumes(*e, false)));
      report("Images", MOCKER_TRY(prune_images(*e, f->all)));
      std::cout << "Total reclaimed space: " << human_size(total) << "\n";
      return sys::ok();
    });
  });
}

void add_system(CLI::App& app, Context& ctx) {
  add_info(app, ctx);
  auto* system = group(app, "system", "Manage mocker");
  add_df(*system, ctx);
  add_system_prune(*system, ctx);
  auto* sinfo = system->add_subcommand("info", "Same as mocker info");
  auto format = std::make_shared<std::string>("table");
  sinfo->add_option("-f,--format", *format, "table or json")->check(CLI::IsMember({"table", "json"}));
  sinfo->callback([&ctx, format] {
    run_command(ctx, [&]() -> sys::Status {
      auto* e = MOCKER_TRY(ctx.engine());
      auto j = info_json(*e);
      if (*format == "json") std::cout << j.dump() << "\n";
      else print_info(j);
      return sys::ok();
    });
  });
}

}  // namespace

}  // namespace mocker::cli
