// `northstar share --kpi ID | --review PERIOD [--days N] [--url BASE]`: a read-only share
// link for one KPI or one review of `northstar serve`. Its token (auth/token_store.h,
// a viewer token with a scope) opens that KPI's passport, values and explanation, or that
// review, and nothing else; it expires after N days and `token revoke` ends it sooner.
#include <iostream>

#include "auth/audit_log.h"
#include "auth/token_store.h"
#include "catalog/period_text.h"
#include "cli/command.h"
#include "service/workspace.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::cli {
namespace {

struct ShareFlags {
  std::string kpi, review, name, url = "http://127.0.0.1:8080";
  int days = 30;
};

constexpr std::string_view kCommand = "share";

int RunShare(const GlobalOptions& global, const ShareFlags& flags) {
  if (flags.kpi.empty() == flags.review.empty())
    return ReportError(kCommand, ErrorKind::kUsage, "give one of --kpi ID or --review PERIOD");
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  if (!flags.kpi.empty() && (*workspace)->catalog().FindMeasure(flags.kpi) == nullptr) {
    return ReportError(kCommand, ErrorKind::kNotFound, "no KPI or metric '" + flags.kpi + "' in the catalog",
                       "`northstar status` lists the KPIs");
  }
  if (!flags.review.empty() && !catalog::ParsePeriodText(flags.review)) {
    return ReportError(
        kCommand, ErrorKind::kUsage,
        "--review takes a period such as 2026-W10, 2026-03 or 2026-Q1, got '" + flags.review + "'");
  }
  auto tokens = auth::TokenStore::Open((*workspace)->AuthPath());
  if (!tokens.ok()) return ReportError(kCommand, tokens.status());
  const time::Micros clock_now = time::SystemClock().Now();
  const time::Micros now = clock_now - clock_now % time::kMicrosPerSecond;  // whole seconds, as compared
  const std::string scope = flags.kpi.empty() ? "review:" + flags.review : "kpi:" + flags.kpi;
  const std::string expires = time::FormatIso(now + int64_t{flags.days} * time::kMicrosPerDay, nullptr);
  auto created = (*tokens)->CreateShare(scope, flags.name.empty() ? "share " + scope : flags.name,
                                        time::FormatIso(now, nullptr), expires);
  if (!created.ok()) return ReportError(kCommand, created.status());
  if (auto log = auth::AuditLog::Open((*workspace)->AuthPath()); log.ok()) {
    (void)(*log)->Record({0, time::FormatIso(now, nullptr), "cli", "admin", "CLI",
                          "share #" + std::to_string(created->info.id) + " (" + scope + ")", 0});
  }
  // First the dashboard's page (the token in the fragment never reaches a server log),
  // then the same as a plain page or JSON, for readers without a browser at hand.
  const std::string query = "?share=" + created->token;
  if (flags.kpi.empty()) {
    std::cout << flags.url << "/#share=" << created->token << "&review=" << flags.review << "\n"
              << flags.url << "/review/" << flags.review << query << "\n";
  } else {
    std::cout << flags.url << "/#share=" << created->token << "&kpi=" << flags.kpi << "\n"
              << flags.url << "/api/v1/kpis/" << flags.kpi << "/values" << query << "\n";
  }
  std::cerr << "share link #" << created->info.id << " (" << scope << ", read-only) valid until " << expires
            << "; `northstar token revoke " << created->info.id << "` ends it sooner\n";
  return kExitOk;
}

}  // namespace

void RegisterShare(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ShareFlags>();
  Command sub = app.AddSubcommand("share", "A read-only share link for one KPI or one review");
  AddWorkspaceOption(sub, global);
  sub.AddOption("--kpi", flags->kpi, "The KPI (or metric) the link opens");
  sub.AddOption("--review", flags->review, "The review period the link opens (2026-W10)");
  sub.AddOption("--days", flags->days, "Days until the link expires").InRange(1, 366).ShowDefault();
  sub.AddOption("--name", flags->name, "Who the link is for (shown by `token list`)");
  sub.AddOption("--url", flags->url, "The server's address as the reader reaches it").ShowDefault();
  Register(
      sub, [&global, flags]() { return RunShare(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
