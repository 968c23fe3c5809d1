#include "service/scaffold.h"

#include <filesystem>
#include <fstream>

#include "catalog/loader.h"
#include "check/lock_file.h"
#include "formula/compiler.h"

namespace northstar::service {
namespace {

namespace fs = std::filesystem;

constexpr const char* kWorkspaceYaml =
    R"yaml(# Northstar workspace: time zone, working-hours calendars and data sources.
# See docs/catalog.md for every key.
workspace: my-workspace
timezone: Europe/Berlin

calendars:
  support_hours:                  # working hours, for durations in working minutes
    hours: {mon-fri: "08:00-18:00"}
    holidays: [2026-12-25, 2026-12-26]

sources:
  tickets:
    from: csv:data/tickets.csv
    key: ticket_id
    time: created_at              # rows are bucketed into periods by this column
    columns:
      ticket_id: int
      created_at: timestamp
      first_reply_at: timestamp
      channel: string
      is_spam: bool
      reopened: bool
)yaml";

constexpr const char* kGoalsYaml = R"yaml(# Goals: where we want to get, by when, and who owns it.
goals:
  - id: faster-support
    statement: Answer customers faster without a decline in quality
    level: team
    owner: head-of-support
    deadline: 2027-03-31
)yaml";

constexpr const char* kKpisYaml =
    R"yaml(# KPIs (with target and actions) and metrics (measurements without a target).
kpis:
  - id: first_response_30m
    name: Share of tickets with a first response within 30 working minutes
    goal: faster-support
    type: {horizon: operational, timing: leading, nature: quantitative}
    source: tickets
    filter: not is_spam
    formula: share(minutes_between(created_at, first_reply_at, support_hours) <= 30)
    unit: ratio
    direction: higher_is_better
    frequency: daily
    review: weekly
    owner: head-of-support
    target: {value: 0.8}
    baseline: {periods: 12}
    tolerance: xmr
    segments: [channel]
    guards: [reopen_rate]         # catches speed bought with sloppy answers
    drivers: [tickets_per_day]
    on_deviation:
      - do: Add a shift during peak hours
        who: support-lead
        review_after: 14d
    constraints: Spam excluded; minutes counted in support_hours only

metrics:
  - id: reopen_rate
    name: Share of tickets reopened after an answer
    source: tickets
    filter: not is_spam
    formula: share(reopened)
    direction: lower_is_better    # a guard needs a direction to catch a worsening

  - id: tickets_per_day
    name: Tickets received
    source: tickets
    filter: not is_spam
    formula: count()
)yaml";

constexpr const char* kTicketsCsv =
    "ticket_id,created_at,first_reply_at,channel,is_spam,reopened\n"
    "1,2026-03-02T08:05:00,2026-03-02T08:20:00,email,false,false\n"
    "2,2026-03-02T09:10:00,2026-03-02T10:15:00,chat,false,true\n"
    "3,2026-03-02T17:50:00,2026-03-03T08:10:00,email,false,false\n"
    "4,2026-03-03T11:00:00,2026-03-03T11:12:00,phone,false,false\n"
    "5,2026-03-03T12:30:00,,email,true,false\n"
    "6,2026-03-04T08:45:00,2026-03-04T09:40:00,chat,false,false\n"
    "7,2026-03-04T14:00:00,2026-03-04T14:05:00,chat,false,false\n"
    "8,2026-03-05T10:20:00,2026-03-05T10:35:00,email,false,true\n"
    "9,2026-03-05T16:00:00,2026-03-06T09:00:00,phone,false,false\n"
    "10,2026-03-06T09:30:00,2026-03-06T09:45:00,email,false,false\n";

}  // namespace

const std::vector<ScaffoldFile> kScaffoldFiles = {{"northstar.yaml", kWorkspaceYaml},
                                                  {"catalog/goals.yaml", kGoalsYaml},
                                                  {"catalog/kpis.yaml", kKpisYaml},
                                                  {"data/tickets.csv", kTicketsCsv}};

Status ScaffoldWorkspace(const std::string& dir) {
  const fs::path root(dir);
  std::error_code ec;
  for (const ScaffoldFile& f : kScaffoldFiles) {
    if (fs::exists(root / f.path, ec)) {
      return Status::Conflict((root / f.path).string() + " already exists; northstar init never overwrites")
          .WithHint("choose an empty directory, or edit the existing workspace");
    }
  }
  for (const ScaffoldFile& f : kScaffoldFiles) {
    const fs::path path = root / f.path;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return Status::IOError("cannot create " + path.parent_path().string() + ": " + ec.message());
    std::ofstream out(path, std::ios::binary);
    out << f.text;
    out.close();
    if (!out) return Status::IOError("cannot write " + path.string());
  }
  // The accepted definitions, so a later formula change without a change_reason is
  // caught by `check` and recorded as a new definition version with its reason.
  Diagnostics diags;
  ASSIGN_OR_RETURN(catalog::Catalog catalog, catalog::LoadWorkspace(root.string(), diags));
  const formula::CompiledCatalog compiled = formula::CompileCatalog(catalog, diags);
  return check::WriteLockFile(root.string(), check::AcceptDefinitions({}, catalog, compiled, nullptr));
}

}  // namespace northstar::service
