#include "common/error_kind.h"

#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>

namespace northstar {
namespace {

// SPEC §8: the error statuses the HTTP API answers with.
const std::set<int> kSpecHttpStatuses = {400, 401, 403, 404, 409, 413, 500};

bool IsSnakeCase(std::string_view s) {
  if (s.empty() || !std::islower(static_cast<unsigned char>(s.front()))) return false;
  if (s.back() == '_') return false;
  for (char c : s) {
    if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) &&
        c != '_')
      return false;
  }
  return s.find("__") == std::string_view::npos;
}

TEST(ErrorKindTest, EveryStatusCodeMapsToTheKindUsersActOn) {
  // Written out so that a changed row fails here, not only in docs/errors.md.
  const std::pair<StatusCode, ErrorKind> expected[] = {
      {StatusCode::kInvalidArgument, ErrorKind::kInvalidInput},
      {StatusCode::kNotFound, ErrorKind::kNotFound},
      {StatusCode::kCorruption, ErrorKind::kDamagedStore},
      {StatusCode::kIOError, ErrorKind::kIOError},
      {StatusCode::kUnsupported, ErrorKind::kUnsupported},
      {StatusCode::kInternal, ErrorKind::kInternal},
      {StatusCode::kConflict, ErrorKind::kConflict},
      {StatusCode::kResourceExhausted, ErrorKind::kTooLarge},
  };
  std::set<StatusCode> covered;
  for (const auto& [code, kind] : expected) {
    EXPECT_EQ(KindOf(code), kind) << StatusCodeName(code);
    EXPECT_EQ(KindOf(Status(code, "x")), kind) << StatusCodeName(code);
    covered.insert(code);
  }
  // Every error code from the first to kLastStatusCode has a row above.
  for (int c = static_cast<int>(StatusCode::kOk) + 1; c <= static_cast<int>(kLastStatusCode); ++c) {
    EXPECT_TRUE(covered.count(static_cast<StatusCode>(c))) << "StatusCode " << c << " has no expected kind";
    EXPECT_STRNE(StatusCodeName(static_cast<StatusCode>(c)), "Unknown") << c;
  }
  // Success has no kind; asking for one is a bug.
  EXPECT_EQ(KindOf(StatusCode::kOk), ErrorKind::kInternal);
}

TEST(ErrorKindTest, ExitCodesAreUniqueAndFixed) {
  std::set<int> exit_codes;
  for (const ErrorKindInfo& k : ErrorKinds()) {
    EXPECT_TRUE(exit_codes.insert(k.exit_code).second)
        << k.name << ": exit code " << k.exit_code << " reused";
    EXPECT_GT(k.exit_code, kExitOk) << k.name;
    EXPECT_LT(k.exit_code, 64) << k.name << ": stays below the sysexits.h range";
  }
  EXPECT_EQ(ErrorKinds().size(), 12u);
  // Fixed by SPEC §4 (check, verify) and convention (usage); scripts rely on them.
  EXPECT_EQ(ExitCode(ErrorKind::kFindings), 1);
  EXPECT_EQ(ExitCode(ErrorKind::kUsage), 2);
  EXPECT_EQ(ExitCode(ErrorKind::kInvalidInput), 3);
  EXPECT_EQ(ExitCode(ErrorKind::kNotFound), 4);
  EXPECT_EQ(ExitCode(ErrorKind::kConflict), 5);
  EXPECT_EQ(ExitCode(ErrorKind::kTooLarge), 6);
  EXPECT_EQ(ExitCode(ErrorKind::kDamagedStore), 7);
  EXPECT_EQ(ExitCode(ErrorKind::kIOError), 8);
  EXPECT_EQ(ExitCode(ErrorKind::kUnsupported), 9);
  EXPECT_EQ(ExitCode(ErrorKind::kInternal), 10);
  EXPECT_EQ(ExitCode(ErrorKind::kUnauthorized), 11);
  EXPECT_EQ(ExitCode(ErrorKind::kForbidden), 12);
}

TEST(ErrorKindTest, HttpStatusesAreThoseOfTheSpec) {
  for (const ErrorKindInfo& k : ErrorKinds()) {
    if (k.kind == ErrorKind::kFindings) {
      EXPECT_EQ(k.http_status, 200) << "findings are a report, not an error response";
      continue;
    }
    EXPECT_TRUE(kSpecHttpStatuses.count(k.http_status)) << k.name << ": HTTP " << k.http_status;
  }
  EXPECT_EQ(HttpStatus(ErrorKind::kUsage), 400);
  EXPECT_EQ(HttpStatus(ErrorKind::kInvalidInput), 400);
  EXPECT_EQ(HttpStatus(ErrorKind::kUnauthorized), 401);
  EXPECT_EQ(HttpStatus(ErrorKind::kForbidden), 403);
  EXPECT_EQ(HttpStatus(ErrorKind::kNotFound), 404);
  EXPECT_EQ(HttpStatus(ErrorKind::kConflict), 409);
  EXPECT_EQ(HttpStatus(ErrorKind::kTooLarge), 413);
  EXPECT_EQ(HttpStatus(ErrorKind::kDamagedStore), 500);
  EXPECT_EQ(HttpStatus(ErrorKind::kInternal), 500);
  // Every status of the SPEC's list is used by some kind.
  std::set<int> used;
  for (const ErrorKindInfo& k : ErrorKinds()) used.insert(k.http_status);
  for (int status : kSpecHttpStatuses) EXPECT_TRUE(used.count(status)) << "HTTP " << status << " unused";
}

TEST(ErrorKindTest, ApiCodesAreUniqueSnakeCaseAndEveryKindIsDescribed) {
  std::set<std::string_view> api_codes, names;
  size_t index = 0;
  for (const ErrorKindInfo& k : ErrorKinds()) {
    EXPECT_EQ(static_cast<size_t>(k.kind), index++) << k.name << ": table out of enum order";
    EXPECT_EQ(&Describe(k.kind), &k);
    EXPECT_TRUE(IsSnakeCase(k.api_code)) << k.api_code;
    EXPECT_TRUE(IsSnakeCase(k.name)) << k.name;
    EXPECT_TRUE(api_codes.insert(k.api_code).second) << k.api_code << " reused";
    EXPECT_TRUE(names.insert(k.name).second) << k.name << " reused";
    EXPECT_FALSE(k.meaning.empty()) << k.name;
    EXPECT_EQ(k.meaning.find('\n'), std::string_view::npos) << k.name << ": meaning is one line";
  }
  EXPECT_EQ(ApiCode(ErrorKind::kNotFound), "not_found");
  EXPECT_EQ(ApiCode(ErrorKind::kUsage), "bad_request");
  EXPECT_EQ(ApiCode(ErrorKind::kDamagedStore), "damaged_store");
  // The kinds a user cannot fix from the message alone carry a hint.
  EXPECT_FALSE(Describe(ErrorKind::kDamagedStore).hint.empty());
  EXPECT_FALSE(Describe(ErrorKind::kInternal).hint.empty());
}

TEST(ErrorKindTest, ContextKeepsTheKind) {
  const Status locked = Status::Conflict("store x is locked by process 7").WithContext("tickets: store");
  EXPECT_EQ(KindOf(locked), ErrorKind::kConflict);
  EXPECT_EQ(locked.message(), "tickets: store: store x is locked by process 7");
  EXPECT_EQ(KindOf(Status::ResourceExhausted("body over 1 MiB")), ErrorKind::kTooLarge);
}

}  // namespace
}  // namespace northstar
