#include "common/status.h"

namespace northstar {

const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "OK";
    case StatusCode::kInvalidArgument: return "Invalid argument";
    case StatusCode::kNotFound: return "Not found";
    case StatusCode::kCorruption: return "Corruption";
    case StatusCode::kIOError: return "IO error";
    case StatusCode::kUnsupported: return "Unsupported";
    case StatusCode::kInternal: return "Internal error";
    case StatusCode::kConflict: return "Conflict";
    case StatusCode::kResourceExhausted: return "Resource exhausted";
  }
  return "Unknown";
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return state_ ? state_->message : kEmpty;
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  return std::string(StatusCodeName(state_->code)) + ": " + state_->message;
}

Status Status::WithContext(const std::string& prefix) const {
  if (ok()) return *this;
  Status out(state_->code, prefix + ": " + state_->message);
  return state_->hint.empty() ? out : out.WithHint(state_->hint);
}

const std::string& Status::hint() const {
  static const std::string kNone;
  return state_ ? state_->hint : kNone;
}

Status Status::WithHint(std::string hint) const {
  if (ok()) return *this;
  Status out;
  out.state_ = std::make_shared<State>(State{state_->code, state_->message, std::move(hint)});
  return out;
}

}  // namespace northstar
