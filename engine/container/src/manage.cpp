// pause, unpause, restart, rename, update: changes to a container that exists,
// each made in its cgroup (when it runs) and in its record.
#include <mocker/container/containers.hpp>

#include "naming.hpp"

#include <algorithm>

namespace mocker::engine::container {

namespace {

constexpr const char* kKind = "containers";

sys::Status must_run(const Container& c, const std::string& op) {
  if (c.state.status == Status::running) return sys::ok();
  return sys::Error::invalid(op, c.name, "container is not running");
}

// The set fields of change over base: docker update changes only what is given.
cgroup::Limits merge_limits(cgroup::Limits base, const cgroup::Limits& change) {
  auto take = [](auto& into, const auto& from) {
    if (from) into = from;
  };
  take(base.memory_bytes, change.memory_bytes);
  take(base.memory_swap_bytes, change.memory_swap_bytes);
  take(base.memory_reservation_bytes, change.memory_reservation_bytes);
  take(base.cpus, change.cpus);
  take(base.cpu_shares, change.cpu_shares);
  take(base.pids_max, change.pids_max);
  take(base.cpuset_cpus, change.cpuset_cpus);
  take(base.cpuset_mems, change.cpuset_mems);
  return base;
}

}  // namespace

sys::Result<Container> Containers::pause(const std::string& ref) {
  Container c = MOCKER_TRY(get(ref));
  MOCKER_TRY(must_run(c, "pause"));
  if (c.state.paused) return sys::Error::invalid("pause", c.name, "container is already paused");
  auto* h = MOCKER_TRY(hierarchy());
  auto lock = MOCKER_TRY(records_.lock());
  auto group = h->open(c.resources.cgroup);
  MOCKER_TRY(std::move(group.freeze()).context("pause " + c.name));
  c.state.paused = true;
  if (auto st = save(c); !st) {
    auto e = std::move(st).error();
    if (auto t = group.thaw(); !t) e = std::move(e).with_note("cleanup: " + t.error().render());
    return std::move(e).wrap("pause " + c.name);
  }
  return c;
}

sys::Result<Container> Containers::unpause(const std::string& ref) {
  Container c = MOCKER_TRY(get(ref));
  MOCKER_TRY(must_run(c, "unpause"));
  if (!c.state.paused) return sys::Error::invalid("unpause", c.name, "container is not paused");
  auto* h = MOCKER_TRY(hierarchy());
  auto lock = MOCKER_TRY(records_.lock());
  MOCKER_TRY(std::move(h->open(c.resources.cgroup).thaw()).context("unpause " + c.name));
  c.state.paused = false;
  MOCKER_TRY(std::move(save(c)).context("unpause " + c.name));
  return c;
}

sys::Status Containers::thaw_after_signal(const Container& c) {
  auto* h = MOCKER_TRY(hierarchy());
  return std::move(h->open(c.resources.cgroup).thaw()).context("unpause " + c.name);
}

sys::Result<Container> Containers::restart(const std::string& ref, std::optional<int> timeout_seconds) {
  Container c = MOCKER_TRY(stop(ref, timeout_seconds));
  return start(c.id);
}

sys::Status Containers::rename(const std::string& ref, const std::string& new_name) {
  if (!valid_name(new_name))
    return sys::Error::invalid("rename container", new_name, "invalid name: use [a-zA-Z0-9][a-zA-Z0-9_.-]*");
  Container found = MOCKER_TRY(get(ref));
  if (found.name == new_name)
    return sys::Error::invalid("rename container", found.name, "the new name is the container's current name");
  auto lock = MOCKER_TRY(records_.lock());
  auto all = MOCKER_TRY(records_.list(kKind));
  auto taken = std::find_if(all.begin(), all.end(), [&](const auto& r) { return r.value("name", "") == new_name; });
  if (taken != all.end())
    return sys::Error::invalid("rename container", new_name,
                               "the name is already in use by container " + taken->value("id", "").substr(0, 12));
  Container c = MOCKER_TRY(load(found.id));  // as on disk now, under the lock
  c.name = new_name;
  return std::move(save(c)).context("rename container " + found.name);
}

sys::Result<cgroup::Warnings> Containers::update(const std::string& ref, const cgroup::Limits& limits) {
  Container c = MOCKER_TRY(get(ref));
  std::string context = "update " + c.name;
  MOCKER_TRY(std::move(cgroup::validate(limits)).context(context));
  cgroup::Warnings warnings;
  auto lock = MOCKER_TRY(records_.lock());
  c = MOCKER_TRY(load(c.id));
  if (c.state.status == Status::running) {
    auto* h = MOCKER_TRY(hierarchy());
    warnings = MOCKER_TRY(std::move(h->open(c.resources.cgroup).update(limits)).context(context));
  }
  c.limits = merge_limits(c.limits, limits);
  MOCKER_TRY(std::move(save(c)).context(context));
  return warnings;
}

}  // namespace mocker::engine::container
