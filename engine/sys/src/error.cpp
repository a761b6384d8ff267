#include <mocker/sys/error.hpp>
#include <mocker/sys/hints.hpp>

#include <cerrno>
#include <cstring>

namespace mocker::engine::sys {

std::string errno_words(int err) {
  char buf[256];
  // GNU strerror_r returns the message pointer (maybe not buf).
  return ::strerror_r(err, buf, sizeof buf);
}

Error Error::from_errno(std::string operation, std::string object, int err) {
  Error e;
  e.err = err;
  e.operation = std::move(operation);
  e.object = std::move(object);
  return e;
}

Error Error::last(std::string operation, std::string object) {
  return from_errno(std::move(operation), std::move(object), errno);
}

Error Error::invalid(std::string operation, std::string object, std::string message) {
  Error e;
  e.err = 0;
  e.operation = std::move(operation);
  e.object = std::move(object);
  e.message = std::move(message);
  return e;
}

std::string Error::render() const {
  std::string out;
  for (const auto& c : context) {
    out += c;
    out += ": ";
  }
  out += operation;
  if (!object.empty()) {
    if (!operation.empty()) out += ' ';
    out += object;
  }
  if (!message.empty()) {
    out += ": ";
    out += message;
  }
  if (err != 0) {
    out += ": ";
    out += errno_words(err);
  }
  return out;
}

std::string Error::render_long() const {
  std::string out = render();
  for (const auto& n : notes) out += "\n  note: " + n;
  // A full store can surface from any write, deep in any module.
  std::string advice = hint.empty() && err == ENOSPC ? with_known_hint(*this).hint : hint;
  if (!advice.empty()) out += "\n  hint: " + advice;
  return out;
}

Error Error::wrap(std::string outer) && {
  context.insert(context.begin(), std::move(outer));
  return std::move(*this);
}

Error Error::with_hint(std::string text) && {
  hint = std::move(text);
  return std::move(*this);
}

Error Error::with_note(std::string text) && {
  notes.push_back(std::move(text));
  return std::move(*this);
}

}  // namespace mocker::engine::sys
