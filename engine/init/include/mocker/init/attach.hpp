#pragma once
// The attach socket: `attach.sock` in the container's state dir, created by init
// when the workload has a tty or an open stdin. SOCK_SEQPACKET, one message per
// packet, so no framing beyond a leading byte:
//   init   -> client  [1 stdout | 2 stderr][bytes]       the workload's output
//   client -> init    ['i'][bytes]                         bytes for the workload's stdin
//                     ['c']                                close the workload's stdin
//                     ['r'][rows u16][cols u16]            resize the tty
// Output a client is too slow to take is dropped for that client; the log file has it all.
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace mocker::engine::init {

enum class AttachStream : uint8_t { out = 1, err = 2 };
enum class AttachKind : char { input = 'i', close_input = 'c', resize = 'r' };

inline constexpr size_t kMaxAttachMessage = 65536 + 1;

inline std::string encode_output(AttachStream stream, std::string_view bytes) {
  std::string out(1, static_cast<char>(stream));
  out.append(bytes);
  return out;
}

struct OutputMessage {
  AttachStream stream;
  std::string bytes;
};

inline std::optional<OutputMessage> decode_output(std::string_view packet) {
  if (packet.empty() || (packet[0] != 1 && packet[0] != 2)) return std::nullopt;
  return OutputMessage{static_cast<AttachStream>(packet[0]), std::string(packet.substr(1))};
}

inline std::string encode_input(std::string_view bytes) {
  std::string out(1, static_cast<char>(AttachKind::input));
  out.append(bytes);
  return out;
}

inline std::string encode_close_input() { return std::string(1, static_cast<char>(AttachKind::close_input)); }

inline std::string encode_resize(uint16_t rows, uint16_t cols) {
  std::string out(5, '\0');
  out[0] = static_cast<char>(AttachKind::resize);
  std::memcpy(out.data() + 1, &rows, 2);
  std::memcpy(out.data() + 3, &cols, 2);
  return out;
}

struct ClientMessage {
  AttachKind kind;
  std::string bytes;  // input
  uint16_t rows = 0;  // resize
  uint16_t cols = 0;
};

inline std::optional<ClientMessage> decode_client_message(std::string_view packet) {
  if (packet.empty()) return std::nullopt;
  switch (static_cast<AttachKind>(packet[0])) {
    case AttachKind::input:
      return ClientMessage{AttachKind::input, std::string(packet.substr(1))};
    case AttachKind::close_input:
      if (packet.size() != 1) return std::nullopt;
      return ClientMessage{AttachKind::close_input, {}};
    case AttachKind::resize: {
      if (packet.size() != 5) return std::nullopt;
      ClientMessage m{AttachKind::resize, {}};
      std::memcpy(&m.rows, packet.data() + 1, 2);
      std::memcpy(&m.cols, packet.data() + 3, 2);
      return m;
    }
  }
  return std::nullopt;
}

}  // namespace mocker::engine::init
