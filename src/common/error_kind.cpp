#include "common/error_kind.h"

#include <array>
#include <cstddef>

namespace northstar {
namespace {

constexpr std::array<ErrorKindInfo, 12> kTable = {{
    {ErrorKind::kFindings, "findings", 1, 200, "findings",
     "the command ran and found problems in what it checked (check errors, damaged files)", ""},
    {ErrorKind::kUsage, "usage", 2, 400, "bad_request",
     "a flag or argument is wrong: unknown flag, bad value, missing argument", ""},
    {ErrorKind::kInvalidInput, "invalid_input", 3, 400, "invalid_input",
     "the catalog, a formula, the data or a period text is wrong", ""},
    {ErrorKind::kNotFound, "not_found", 4, 404, "not_found",
     "the workspace, a file, a KPI, a source or a computed value is not there", ""},
    {ErrorKind::kConflict, "conflict", 5, 409, "conflict",
     "another writer holds the store's lock, or what would be created already exists", ""},
    {ErrorKind::kTooLarge, "too_large", 6, 413, "too_large", "a request or an input is over a limit", ""},
    {ErrorKind::kDamagedStore, "damaged_store", 7, 500, "damaged_store",
     "a store or results file fails its checksum or structure checks",
     "`northstar verify` names every damaged file and how to recover it"},
    {ErrorKind::kIOError, "io_error", 8, 500, "io_error",
     "a read, write or delivery failed (disk, permissions, network); the input is fine", ""},
    {ErrorKind::kUnsupported, "unsupported", 9, 500, "unsupported",
     "a valid request this build or installation cannot serve", ""},
    {ErrorKind::kInternal, "internal", 10, 500, "internal", "a broken invariant: a bug in Northstar",
     "this is a bug in Northstar; please report it with the command that caused it"},
    {ErrorKind::kUnauthorized, "unauthorized", 11, 401, "unauthorized",
     "server: the request has no API token, or an unknown or revoked one", ""},
    {ErrorKind::kForbidden, "forbidden", 12, 403, "forbidden",
     "server: the token's role may not do this (viewer < editor < admin)", ""},
}};

constexpr bool TableFollowsEnum() {
  for (size_t i = 0; i < kTable.size(); ++i) {
    if (static_cast<size_t>(kTable[i].kind) != i) return false;
  }
  return true;
}
static_assert(TableFollowsEnum(), "kTable lists every ErrorKind once, in enum order");
static_assert(kTable.back().kind == ErrorKind::kForbidden, "a new ErrorKind needs a row in kTable");

}  // namespace

std::span<const ErrorKindInfo> ErrorKinds() {
  return kTable;
}

const ErrorKindInfo& Describe(ErrorKind kind) {
  return kTable[static_cast<size_t>(kind)];
}

ErrorKind KindOf(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument: return ErrorKind::kInvalidInput;
    case StatusCode::kNotFound: return ErrorKind::kNotFound;
    case StatusCode::kCorruption: return ErrorKind::kDamagedStore;
    case StatusCode::kIOError: return ErrorKind::kIOError;
    case StatusCode::kUnsupported: return ErrorKind::kUnsupported;
    case StatusCode::kConflict: return ErrorKind::kConflict;
    case StatusCode::kResourceExhausted: return ErrorKind::kTooLarge;
    case StatusCode::kInternal: return ErrorKind::kInternal;
    case StatusCode::kOk: return ErrorKind::kInternal;  // success has no error kind
  }
  return ErrorKind::kInternal;  // a value outside the enum
}

}  // namespace northstar
