#pragma once
// Result<T>: a value or an Error. The engine returns these and never throws.
#include <mocker/sys/error.hpp>

#include <cassert>
#include <optional>
#include <utility>
#include <variant>

namespace mocker::engine::sys {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  explicit operator bool() const { return v_.index() == 0; }
  bool ok() const { return v_.index() == 0; }

  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { assert(!ok()); return std::get<1>(v_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(v_)); }

  // Adds a context level to the error, if any.
  Result context(std::string outer) && {
    if (!ok()) std::get<1>(v_) = std::move(std::get<1>(v_)).wrap(std::move(outer));
    return std::move(*this);
  }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : e_(std::move(error)) {}

  explicit operator bool() const { return !e_; }
  bool ok() const { return !e_; }
  void value() const { assert(ok()); }
  const Error& error() const& { assert(!ok()); return *e_; }
  Error&& error() && { assert(!ok()); return std::move(*e_); }
  Result context(std::string outer) && {
    if (e_) *e_ = std::move(*e_).wrap(std::move(outer));
    return std::move(*this);
  }

 private:
  std::optional<Error> e_;
};

using Status = Result<void>;

inline Status ok() { return {}; }

}  // namespace mocker::engine::sys

// Evaluates a Result expression; returns its Error from the enclosing function,
// otherwise yields the value (GNU statement expression, supported by gcc and clang).
#define MOCKER_TRY(expr)                                   \
  ({                                                       \
    auto&& mocker_try_r_ = (expr);                         \
    if (!mocker_try_r_) return std::move(mocker_try_r_).error(); \
    std::move(mocker_try_r_).value();                      \
  })
