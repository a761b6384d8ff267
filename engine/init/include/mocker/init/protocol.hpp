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
// Exec (`mocker-init exec`, same fds, 0-2 = the caller's stdio): 3 only. With a
// terminal, the ready frame carries the pty master (SCM_RIGHTS) and the helper
// keeps its end open: when the caller closes its end (it detached or died), the
// helper reads and drops what the process writes, so the process never blocks.
#include <mocker/sys/fd.hpp>
#include <mocker/sys/result.hpp>

#include <sys/socket.h>
#include <unistd.h>

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

// The workload's last step: finding and executing its command. A failure there
// is the user's command, not the engine: shells and docker exit 127 when it was
// not found and 126 when it was found but could not be run.
inline constexpr const char* kExecStep = "exec";
inline constexpr const char* kCommandNotFound = "command not found";
inline constexpr const char* kCommandNotExecutable = "command cannot be executed";

inline bool not_executable_errno(int err) { return err == EACCES || err == ENOEXEC || err == EISDIR || err == EPERM; }

// The error a failed frame stands for: "<step>: <message>: <errno in words>";
// for the exec step, "command not found: ..." or "command cannot be executed: ...".
inline sys::Error frame_error(const Frame& f) {
  sys::Error e = sys::Error::from_errno(f.message, "", f.err);
  if (f.step == kExecStep) return std::move(e).wrap(not_executable_errno(f.err) ? kCommandNotExecutable : kCommandNotFound);
  return std::move(e).wrap(f.step);
}

// 127 or 126 when `e` (with any context added on the way up) is a command that
// could not be found or run (see frame_error); 0 for any other error.
inline int command_failure_status(const sys::Error& e) {
  for (const auto& c : e.context) {
    if (c == kCommandNotFound) return 127;
    if (c == kCommandNotExecutable) return 126;
  }
  return 0;
}

// Peer gone (EPIPE, ECONNRESET) is an error like any other; no SIGPIPE.
// `attached` >= 0 travels with the frame (SCM_RIGHTS).
inline sys::Status send_frame(int fd, const Frame& f, int attached = -1) {
  std::string bytes = encode_frame(f);
  iovec iov{bytes.data(), bytes.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (attached >= 0) {
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr* c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &attached, sizeof(int));
  }
  for (;;) {
    if (::sendmsg(fd, &msg, MSG_NOSIGNAL) >= 0) return sys::ok();
    if (errno != EINTR) return sys::Error::last("send sync frame", "");
  }
}

// The descriptor a frame carried, if any (close-on-exec); others are closed.
inline sys::Fd take_attached(msghdr& msg) {
  sys::Fd out;
  for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < count; ++i) {
      int fd;
      std::memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      if (!out.valid()) out.reset(fd);
      else ::close(fd);
    }
  }
  return out;
}

// nullopt when the peer closed its end. A descriptor sent with the frame lands
// in `attached` (closed when attached is null).
inline sys::Result<std::optional<Frame>> recv_frame(int fd, sys::Fd* attached = nullptr) {
  char buf[kMaxFrame];
  for (;;) {
    iovec iov{buf, sizeof buf};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int) * 4)];
    msghdr msg{};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(fd, &msg, MSG_TRUNC | MSG_CMSG_CLOEXEC);
    if (n >= 0) {
      sys::Fd passed = take_attached(msg);
      if (attached && passed.valid()) *attached = std::move(passed);
    }
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
