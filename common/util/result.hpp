#pragma once
// Result<T>: a value or a public error message. Parsers of untrusted input return these instead of
// throwing, so callers decide whether a failure is a 400 or a fallback.
#include <string>
#include <utility>
#include <variant>

#include "common/error/api_error.hpp"

namespace hub {

struct Failure {
  std::string message;
};

inline Failure fail(std::string message) {
  return Failure{std::move(message)};
}

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Result(Failure failure) : state_(std::move(failure)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  const std::string& error() const { return std::get<1>(state_).message; }

  // For handlers: the failure becomes an ApiError whose message the client sees.
  T or_throw(ErrorCode code = ErrorCode::kBadRequest) && {
    if (!ok()) throw ApiError(code, error());
    return std::get<0>(std::move(state_));
  }
  const T& or_throw(ErrorCode code = ErrorCode::kBadRequest) const& {
    if (!ok()) throw ApiError(code, error());
    return std::get<0>(state_);
  }

 private:
  std::variant<T, Failure> state_;
};

}  // namespace hub
