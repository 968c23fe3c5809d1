// The audit log of `northstar serve`: every request that tries to change something
// (a POST, PUT or DELETE that matched a route) — who asked, what, the answer, refused
// ones included, and the object it changed before and after — in the token database
// (.northstar/auth.db, table `audit`).
// Reads are not logged (the access log has them); a write that fails to be logged
// does not fail the request, and the server counts it.
//
// Thread-safe: request threads append concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/status.h"

struct sqlite3;

namespace northstar::auth {

struct AuditEntry {
  int64_t id = 0;
  std::string at;      // ISO 8601 UTC
  std::string actor;   // "token 3 (dashboard)", "anonymous", "invalid token"
  std::string role;    // the caller's role: none, viewer, editor, admin
  std::string method;  // POST, DELETE
  std::string target;  // the request target as sent
  int status = 0;      // the HTTP status answered
  // The changed object as JSON before and after the write ("" when there was none: a
  // creation has no before, a deletion no after, a refused write neither).
  std::string before, after;
};

class AuditLog {
 public:
  static Result<std::unique_ptr<AuditLog>> Open(const std::string& path);
  ~AuditLog();
  AuditLog(const AuditLog&) = delete;
  AuditLog& operator=(const AuditLog&) = delete;

  Status Record(const AuditEntry& entry);
  // The newest `limit` entries, newest first.
  Result<std::vector<AuditEntry>> Recent(int limit);

 private:
  explicit AuditLog(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::mutex mutex_;
};

}  // namespace northstar::auth
