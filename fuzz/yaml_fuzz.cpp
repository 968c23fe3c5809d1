// Fuzzes the catalog loader, the formula compiler and the lint rules on arbitrary
// catalog text. Invariant: no crash, hang or sanitizer report, and every diagnostic
// names a file.
//
// Input: the whole input is catalog/x.yaml beside a fixed northstar.yaml; when it
// starts with the marker byte '!', the rest is used as northstar.yaml too (so the
// workspace parser is fuzzed as well).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "catalog/loader.h"
#include "check/check.h"
#include "check/lock_file.h"
#include "formula/compiler.h"

namespace {

constexpr char kWorkspaceMarker = '!';

const char* kWorkspace = R"yaml(workspace: fuzz
timezone: UTC
calendars:
  support_hours: {hours: {mon-fri: "08:00-18:00"}}
sources:
  tickets:
    from: csv:data/tickets.csv
    key: ticket_id
    time: created_at
    columns: {ticket_id: int, created_at: timestamp, first_reply_at: timestamp, channel: string,
              is_spam: bool, reopened: bool, csat: float}
)yaml";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;  // catalogs are small; keep each run fast
  std::string text(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> files;
  if (!text.empty() && text[0] == kWorkspaceMarker) {
    text.erase(0, 1);
    files["northstar.yaml"] = text;
  } else {
    files["northstar.yaml"] = kWorkspace;
  }
  files["catalog/x.yaml"] = text;

  northstar::Diagnostics diags;
  northstar::Result<northstar::catalog::Catalog> catalog =
      northstar::catalog::LoadWorkspaceFromMemory(files, diags);
  if (!catalog.ok()) std::abort();  // northstar.yaml is always present
  northstar::formula::CompiledCatalog compiled = northstar::formula::CompileCatalog(*catalog, diags);
  // An empty lock exercises the definition-change rule without touching the disk.
  northstar::check::LockFile lock;
  lock.measures["k"] = {1, "0000000000000000", ""};
  northstar::check::RunChecks(*catalog, compiled, &lock, diags);
  for (const auto& d : diags.items()) {
    if (d.where.file.empty() || d.rule.empty()) std::abort();
  }
  return 0;
}
