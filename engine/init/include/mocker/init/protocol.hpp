#pragma once
// The sync protocol between the runtime (parent) and mocker-init (child), written
// down once. Both sides talk over a SOCK_SEQPACKET socketpair: one frame per packet.
//
// Start (`mocker-init start`, fd 3 = sync socket, fd 4 = config JSON, fd 5 = step board):
//   1. init   -> parent  init_started   init runs in its new namespaces and has joined the
//                                       cgroups its spec lists; nothing else set up
//   2. parent -> init    placed         hooks.placed(init_pid) done: cgroups (when init
//                                       could not join them itself), network
//   1 and 2 only when the spec says wait_for_placement (the parent has a hook).
//   3. init   -> parent  ready          workload exec'd: {value = its pid in the container}
//      init   -> parent  failed         instead of ready: {step, err, message}, init exits
//   Before each setup step init writes its name on the step board (step_board.hpp),
//   which wakes nobody; a socket closing before 3 means init died during the step
//   on the board. After 3 the parent closes its end; init no longer needs it (nor
//   the parent).
//
// Exec (`mocker-init exec`, same fds, 0-2 = the caller's stdio): 3 only.
#include <mocker/sys/result.hpp>

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace mocker::engine::init {

enum class SyncPoint : uint8_t {
  init_started = 1,
  placed = 2,
  // 3 was a frame per setup step, now the step board.
  ready = 4,
  failed = 5,
};

// Fixed descriptor numbers mocker-init is started with.
inline constexpr int kSyncFd = 3;
inline constexpr int kConfigFd = 4;

struct Frame {
  SyncPoint point = SyncPoint::failed;
  int32_t err = 0;      // errno of a failure, 0 when none
  int64_t value = 0;    // ready: the workload's pid inside the container
  std::string step;     // failed: the step that failed
  std::string message;  // failed: what went wrong, without the errno words
};

inline constexpr size_t kMaxFrame = 8192;

namespace frame_layout {
// point(1) pad(3) err(4) value(8) step_len(2) message_len(2), then the two strings.
inline constexpr size_t kHeader = 20;
inline constexpr size_t kErrOffset = 4;
}  // namespace frame_layout

// Encodes without allocating (usable between clone and execve). Strings are cut to
// fit `cap`. Returns the frame length.
inline size_t encode_frame_into(SyncPoint point, int32_t err, int64_t value, std::string_view step,
                                std::string_view message, char* buf, size_t cap) noexcept {
  using namespace frame_layout;
  if (cap < kHeader) return 0;
  size_t room = cap - kHeader;
  uint16_t step_len = static_cast<uint16_t>(step.size() < room ? step.size() : room);
  room -= step_len;
  uint16_t message_len = static_cast<uint16_t>(message.size() < room ? message.size() : room);
  std::memset(buf, 0, kHeader);
  buf[0] = static_cast<char>(point);
  std::memcpy(buf + kErrOffset, &err, 4);
  std::memcpy(buf + 8, &value, 8);
  std::memcpy(buf + 16, &step_len, 2);
  std::memcpy(buf + 18, &message_len, 2);
  std::memcpy(buf + kHeader, step.data(), step_len);
  std::memcpy(buf + kHeader + step_len, message.data(), message_len);
  return kHeader + step_len + message_len;
}

inline std::string encode_frame(const Frame& f) {
  std::string out(kMaxFrame, '\0');
  out.resize(encode_frame_into(f.point, f.err, f.value, f.step, f.message, out.data(), out.size()));
  return out;
}

// nullopt when the bytes are not a well-formed frame.
inline std::optional<Frame> decode_frame(std::string_view bytes) {
  using namespace frame_layout;
  if (bytes.size() < kHeader) return std::nullopt;
  uint8_t point = static_cast<uint8_t>(bytes[0]);
  if (point != static_cast<uint8_t>(SyncPoint::init_started) && point != static_cast<uint8_t>(SyncPoint::placed) &&
      point != static_cast<uint8_t>(SyncPoint::ready) && point != static_cast<uint8_t>(SyncPoint::failed))
    return std::nullopt;
  Frame f;
  f.point = static_cast<SyncPoint>(point);
  uint16_t step_len, message_len;
  std::memcpy(&f.err, bytes.data() + kErrOffset, 4);
  std::memcpy(&f.value, bytes.data() + 8, 8);
  std::memcpy(&step_len, bytes.data() + 16, 2);
  std::memcpy(&message_len, bytes.data() + 18, 2);
  if (bytes.size() != kHeader + step_len + message_len) return std::nullopt;
  f.step.assign(bytes.substr(kHeader, step_len));
  f.message.assign(bytes.substr(kHeader + step_len, message_len));
  return f;
}

// A failure as it travels: the step, the errno, and the rest of the error in words.
inline Frame failure_frame(std::string step, const sys::Error& e) {
  sys::Error words = e;
  words.err = 0;
  return Frame{SyncPoint::failed, e.err, 0, std::move(step), words.render()};
}

// The error a failed frame stands for: "<step>: <message>: <errno in words>".
inline sys::Error frame_error(const Frame& f) {
  sys::Error e = sys::Error::from_errno(f.message, "", f.err);
  return std::move(e).wrap(f.step);
}

// Peer gone (EPIPE, ECONNRESET) is an error like any other; no SIGPIPE.
inline sys::Status send_frame(int fd, const Frame& f) {
  std::string bytes = encode_frame(f);
  for (;;) {
    if (::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) >= 0) return sys::ok();
    if (errno != EINTR) return sys::Error::last("send sync frame", "");
  }
}

// nullopt when the peer closed its end.
inline sys::Result<std::optional<Frame>> recv_frame(int fd) {
  char buf[kMaxFrame];
  for (;;) {
    ssize_t n = ::recv(fd, buf, sizeof buf, MSG_TRUNC);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == ECONNRESET) return std::optional<Frame>{};
    if (n < 0) return sys::Error::last("receive sync frame", "");
    if (n == 0) return std::optional<Frame>{};
    if (static_cast<size_t>(n) > sizeof buf) return sys::Error::invalid("receive sync frame", "", "frame too long");
    auto f = decode_frame(std::string_view(buf, static_cast<size_t>(n)));
    if (!f) return sys::Error::invalid("receive sync frame", "", "malformed frame");
    return std::optional<Frame>(std::move(*f));
  }
}

}  // namespace mocker::engine::init
