#pragma once
// Detach keys, as docker spells them: "ctrl-p,ctrl-q". Typed on a terminal
// session, they leave the process running and end the session.
#include <optional>
#include <string>
#include <string_view>

namespace mocker::cli {

inline constexpr const char* kDefaultDetachKeys = "ctrl-p,ctrl-q";

// "ctrl-p,ctrl-q" -> "\x10\x11". Each comma-separated key is one character or
// ctrl-X with X a letter or one of @ [ \ ] ^ _. nullopt (and `error` set) when
// the text is not such a list; "" gives an empty sequence (no detaching).
std::optional<std::string> parse_detach_keys(std::string_view text, std::string& error);

// Watches input for the sequence. Bytes that may begin it are held back until
// it is clear whether they do; everything else passes through unchanged.
class DetachMatcher {
 public:
  explicit DetachMatcher(std::string keys) : keys_(std::move(keys)) {}

  // The bytes to pass on; `detached` becomes true when the sequence is complete
  // (what follows it in `input` is dropped).
  std::string feed(std::string_view input, bool& detached);

 private:
  std::string keys_;
  size_t matched_ = 0;
};

}  // namespace mocker::cli
