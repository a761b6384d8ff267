#pragma once
// The parent's half of the sync protocol: frames with a time limit, and what to
// say when init fails or dies before "ready". Until released, the watched init is
// killed and reaped when the watch goes away (rollback on any error).
#include "spawn.hpp"

#include <mocker/init/protocol.hpp>

#include <optional>
#include <string>

namespace mocker::engine::runtime {

class InitWatch {
 public:
  explicit InitWatch(Spawned spawned) : s_(std::move(spawned)) {}
  InitWatch(const InitWatch&) = delete;
  InitWatch& operator=(const InitWatch&) = delete;
  ~InitWatch();

  pid_t pid() const { return s_.pid; }

  // The next frame. nullopt: init is gone. A descriptor sent with the frame
  // lands in `attached`.
  sys::Result<std::optional<init::Frame>> next(int timeout_ms, sys::Fd* attached = nullptr);
  sys::Status send(const init::Frame& f) { return init::send_frame(s_.sync.get(), f); }

  // Errors that reap init first.
  sys::Error died();
  sys::Error failed(const init::Frame& f);
  sys::Error timed_out();

  // Init is on its own now: not killed, not reaped here.
  pid_t release();
  // Our end of the sync socket, kept open past release (the exec helper with a
  // terminal watches it to learn that its caller went away).
  sys::Fd take_sync() { return std::move(s_.sync); }

 private:
  // Waits up to grace_ms for init to exit, then kills it; returns its wait status.
  int reap(int grace_ms);

  // The step init is in, from its step board.
  std::string step() const;

  Spawned s_;
  uint32_t seen_seq_ = 0;  // the board's sequence at the last time-out check
  bool released_ = false;
  bool reaped_ = false;
};

}  // namespace mocker::engine::runtime
