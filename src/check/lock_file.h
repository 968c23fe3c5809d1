// northstar.lock: the accepted definition of every KPI and metric, so `check` can
// tell when a definition changed without a `change_reason` (SPEC §6) and later
// stages can keep values of different definition versions apart (SPEC §7).
//
// The file is JSON, kept in git beside the catalog:
//   {"format": 1,
//    "measures": {"first_response_30m": {"version": 2, "hash": "9f1c...",
//                                        "change_reason": "count working minutes only"}}}
// `hash` is formula::DefinitionHash() of the accepted definition (the identity the
// results database versions values by); `change_reason` the reason
// it was accepted with. `northstar check --update-lock` rewrites it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "formula/compiler.h"
#include "formula/definition_identity.h"

namespace northstar::check {

inline constexpr const char* kLockFileName = "northstar.lock";

struct LockEntry {
  int64_t version = 1;
  std::string hash;
  std::string change_reason;
};

struct LockFile {
  std::map<std::string, LockEntry> measures;  // by KPI/metric id
};

Result<LockFile> ParseLockFile(std::string_view json);
std::string SerializeLockFile(const LockFile& lock);  // pretty JSON, keys sorted

// nullopt when `root_dir`/northstar.lock does not exist.
Result<std::optional<LockFile>> ReadLockFile(const std::string& root_dir);
// Writes via a temporary file and rename, so a crash never leaves half a lock.
Status WriteLockFile(const std::string& root_dir, const LockFile& lock);

// The lock after accepting the catalog as it is: new measures get version 1, a
// changed hash bumps the version and records the current change_reason, removed
// measures are dropped. `changes` (optional) receives one line per new/bumped id.
LockFile AcceptDefinitions(const LockFile& old, const catalog::Catalog& catalog,
                           const formula::CompiledCatalog& compiled, std::vector<std::string>* changes);

}  // namespace northstar::check
