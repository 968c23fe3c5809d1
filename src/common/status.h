// Status and Result<T>: errors as values at module boundaries.
//
// A Status is cheap when OK (no allocation). Errors carry a code, a message meant
// for the user, and optionally where in which file the problem is. Modules return
// Status / Result<T> instead of throwing; exceptions from third-party libraries are
// caught at the module edge and turned into a Status.
#pragma once

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace northstar {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,    // the user's input (catalog, formula, data, flag) is wrong
  kNotFound,           // a file, id or column that should exist does not
  kCorruption,         // stored data fails its checksum or structure checks
  kIOError,            // the operating system refused a read or write
  kUnsupported,        // valid request that this build cannot serve
  kInternal,           // a broken invariant; always a bug
  kConflict,           // another writer holds the lock, or the thing to create already exists
  kResourceExhausted,  // a request or input over a configured limit
};

// The last StatusCode; every code from kOk to this one is valid (tests walk them all).
inline constexpr StatusCode kLastStatusCode = StatusCode::kResourceExhausted;

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : state_(std::make_shared<State>(State{code, std::move(message), {}})) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status IOError(std::string m) { return {StatusCode::kIOError, std::move(m)}; }
  static Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  const std::string& message() const;
  // "Corruption: segment 3 checksum mismatch" (or "OK").
  std::string ToString() const;

  // Returns a copy whose message is "prefix: message"; OK stays OK.
  Status WithContext(const std::string& prefix) const;

  // What the user can do about it ("make the file writable, or run with --no-write"),
  // shown by every front end beside the message; empty when the message says it all.
  const std::string& hint() const;
  // Returns a copy with `hint` as its hint; OK stays OK.
  Status WithHint(std::string hint) const;

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::string hint;
  };
  std::shared_ptr<const State> state_;  // null == OK; shared so copies are cheap
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).ok() && "Result built from an OK Status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }

  T& value() & {
    assert(ok());
    return std::get<T>(data_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(data_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(data_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace northstar

#define NS_CONCAT_INNER(a, b) a##b
#define NS_CONCAT(a, b) NS_CONCAT_INNER(a, b)

// Returns from the current function when `expr` (a Status) is not OK.
#define RETURN_IF_ERROR(expr)                \
  do {                                       \
    ::northstar::Status ns_status_ = (expr); \
    if (!ns_status_.ok()) return ns_status_; \
  } while (false)

// `ASSIGN_OR_RETURN(auto x, MakeX());` binds the value or returns the error.
#define ASSIGN_OR_RETURN(lhs, expr) ASSIGN_OR_RETURN_IMPL(NS_CONCAT(ns_result_, __LINE__), lhs, expr)
// `lhs` is a declaration such as `auto x`, so it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)
