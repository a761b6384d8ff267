#pragma once
// Error: what failed (operation), on what (object), why (errno or message),
// and the context chain added on the way up. Rendered once, at the CLI boundary.
#include <string>
#include <vector>

namespace mocker::engine::sys {

struct Error {
  int err = 0;                       // errno; 0 when the cause is not a system call
  std::string operation;             // "mount", "parse manifest.json"
  std::string object;                // a path, name or id
  std::string message;               // extra words when errno does not say it all
  std::vector<std::string> context;  // outermost first: {"start web-1"}
  std::vector<std::string> notes;    // e.g. cleanup failures after the first error
  std::string hint;                  // advice for a known trap

  static Error from_errno(std::string operation, std::string object, int err);
  // Uses the current errno.
  static Error last(std::string operation, std::string object);
  static Error invalid(std::string operation, std::string object, std::string message);

  // "start web-1: mount /proc: Operation not permitted"
  std::string render() const;
  // render() plus "note: ..." and "hint: ..." lines.
  std::string render_long() const;

  Error wrap(std::string outer) &&;
  Error with_hint(std::string text) &&;
  Error with_note(std::string text) &&;
};

// errno to words ("Operation not permitted"), never a bare number.
std::string errno_words(int err);

}  // namespace mocker::engine::sys
