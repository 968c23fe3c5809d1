// The one table of error kinds: what a user (or an API client) can act on, with the
// process exit code every command uses for it, the HTTP status and the stable API code
// the server answers with (`{"error": {"code": "...", "message": "..."}}`, SPEC §8).
// docs/errors.md is the user's copy of this table; keep them in step.
//
// Exit codes: 0 success, 1 findings (the command ran and found problems in what it
// checked), 2 usage, then one code per kind up to 12. All stay below 64, clear of the
// sysexits.h range (64-78) and of the codes shells give themselves (126, 127, 128+N).
#pragma once

#include <span>
#include <string_view>

#include "common/status.h"

namespace northstar {

enum class ErrorKind {
  kFindings,      // the command ran and found problems (check errors, verify damage)
  kUsage,         // a flag or argument is wrong: unknown flag, bad value, missing argument
  kInvalidInput,  // the catalog, a formula, the data or a period text is wrong
  kNotFound,      // the workspace, a file, a KPI, a source or a result is not there
  kConflict,      // another writer holds the store's lock, or the target already exists
  kTooLarge,      // over a limit: request body, input size
  kDamagedStore,  // stored data fails its checksum or structure checks
  kIOError,       // a read, write or delivery failed (disk, permissions, network)
  kUnsupported,   // a valid request this build cannot serve
  kInternal,      // a broken invariant: a bug in Northstar
  kUnauthorized,  // server only: no or unknown API token
  kForbidden,     // server only: the token's role may not do this
};

// The process exit code of a command that succeeded.
inline constexpr int kExitOk = 0;

struct ErrorKindInfo {
  ErrorKind kind;
  std::string_view name;      // snake_case kind name, as docs/errors.md lists it
  int exit_code;              // unique per kind, 1..63
  int http_status;            // 200 only for findings (a report, not an error response)
  std::string_view api_code;  // stable snake_case `error.code` of the HTTP API
  std::string_view meaning;   // one line for people
  std::string_view hint;      // what to do when the message gives no hint; may be empty
};

// Every kind, in the order of the enum (and of docs/errors.md).
std::span<const ErrorKindInfo> ErrorKinds();

const ErrorKindInfo& Describe(ErrorKind kind);
inline int ExitCode(ErrorKind kind) {
  return Describe(kind).exit_code;
}
inline int HttpStatus(ErrorKind kind) {
  return Describe(kind).http_status;
}
inline std::string_view ApiCode(ErrorKind kind) {
  return Describe(kind).api_code;
}

// The kind of a failed Status. kOk has no kind: asking for one is a bug (kInternal).
ErrorKind KindOf(StatusCode code);
inline ErrorKind KindOf(const Status& status) {
  return KindOf(status.code());
}

}  // namespace northstar
