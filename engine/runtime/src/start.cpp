#include "init_watch.hpp"
#include "spawn.hpp"

#include <mocker/runtime/runtime.hpp>

#include <fcntl.h>
#include <sched.h>

namespace mocker::engine::runtime {

namespace {

// No frame for this long means init is stuck; it is killed.
constexpr int kFrameTimeoutMs = 60000;

sys::Status check(const ContainerSpec& spec) {
  if (spec.init_path.empty()) return sys::Error::invalid("start", spec.id, "no mocker-init path given");
  if (spec.rootfs.empty()) return sys::Error::invalid("start", spec.id, "no rootfs given");
  if (spec.process.args.empty()) return sys::Error::invalid("start", spec.id, "no command given");
  if (spec.network == NetworkMode::join && spec.netns_path.empty())
    return sys::Error::invalid("start", spec.id, "network mode join needs a network namespace path");
  return sys::ok();
}

int namespaces_for(NetworkMode mode) {
  int flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC;
  if (mode == NetworkMode::new_namespace) flags |= CLONE_NEWNET;
  return flags;
}

}  // namespace

sys::Result<Started> start(const ContainerSpec& spec, const Hooks& hooks) {
  MOCKER_TRY(check(spec));
  sys::Fd netns;
  if (spec.network == NetworkMode::join) netns = MOCKER_TRY(sys::open_file(spec.netns_path, O_RDONLY));

  SpawnRequest request;
  request.init_path = spec.init_path;
  request.mode = "start";
  request.namespaces = namespaces_for(spec.network);
  request.netns_fd = netns.valid() ? netns.get() : -1;
  request.new_session = true;
  ContainerSpec sent = spec;
  sent.wait_for_placement = static_cast<bool>(hooks.placed);
  request.config = init::to_json_text(sent);
  InitWatch watch(MOCKER_TRY(spawn_init(request)));

  for (;;) {
    auto frame = MOCKER_TRY(watch.next(kFrameTimeoutMs));
    if (!frame) return watch.died();
    switch (frame->point) {
      case init::SyncPoint::init_started:
        if (!hooks.placed) return sys::Error::invalid("start", spec.id, "mocker-init waits for a placement nobody asked for");
        MOCKER_TRY(hooks.placed(watch.pid()));
        if (!watch.send(init::Frame{init::SyncPoint::placed, 0, 0, "", ""})) return watch.died();
        break;
      case init::SyncPoint::failed:
        return watch.failed(*frame);
      case init::SyncPoint::ready:
        return Started{watch.release()};
      default:
        return sys::Error::invalid("start", spec.id, "unexpected frame from mocker-init");
    }
  }
}

}  // namespace mocker::engine::runtime
