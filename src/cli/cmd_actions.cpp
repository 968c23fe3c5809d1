// `northstar actions`: the action log. `actions alert` raises alerts for new signals,
// sends them (stdout, JSON lines, webhooks), opens action items, sends recoveries and
// judges items whose review date has come; `list`, `close ID`, `note ID TEXT` manage it.
#include <chrono>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

#include "actions/alert_run.h"
#include "actions/session.h"
#include "cli/command.h"
#include "common/json_text.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::cli {
namespace {

struct ActionsFlags {
  std::string format = "text";
  bool all = false;  // list: closed and judged items too
  int64_t id = 0;
  std::string text;
  std::string today;  // YYYY-MM-DD; default: today in the workspace zone
  bool all_periods = false;
  std::string from, to, grain;
  bool dry_run = false;
  bool quiet = false;
};

std::string NowIso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<int32_t> Today(const actions::Session& s, const std::string& flag) {
  if (!flag.empty()) return actions::ParseDay(flag);
  ASSIGN_OR_RETURN(time::ZoneConverter zone, time::ZoneConverter::Create(s.catalog.workspace.timezone));
  return time::LocalDay(time::SystemClock().Now(), zone);
}

nlohmann::json ItemJson(const actions::ActionItem& it) {
  nlohmann::json j = {{"id", it.id},
                      {"kpi", it.kpi},
                      {"subject", it.subject},
                      {"segment", it.segment},
                      {"grain", catalog::GrainName(it.grain)},
                      {"period", it.period},
                      {"rules", it.rules},
                      {"what", it.what},
                      {"who", it.who},
                      {"due", it.due},
                      {"opened_at", it.opened_at},
                      {"status", it.status},
                      {"verdict", it.verdict},
                      {"judged_at", it.judged_at},
                      {"closed_at", it.closed_at}};
  j["verdict_detail"] = it.verdict_detail.empty() ? nlohmann::json(nullptr)
                                                  : nlohmann::json::parse(it.verdict_detail, nullptr, false);
  nlohmann::json notes = nlohmann::json::array();
  for (const auto& n : it.notes) notes.push_back({{"at", n.at}, {"text", n.text}});
  j["notes"] = notes;
  return j;
}

void PrintItem(const actions::ActionItem& it) {
  std::cout << "#" << it.id << "  " << it.status;
  if (!it.verdict.empty()) std::cout << " (" << it.verdict << ")";
  std::cout << "  " << it.kpi << " " << it.segment << " " << it.period << " [" << it.rules << "]\n"
            << "    " << it.what << " — " << it.who << ", review " << it.due << "\n";
  if (!it.verdict_detail.empty()) {
    auto d = nlohmann::json::parse(it.verdict_detail, nullptr, false);
    if (d.is_object() && d.contains("reason"))
      std::cout << "    verdict: " << d["reason"].get<std::string>() << "\n";
  }
  for (const auto& n : it.notes) std::cout << "    note " << n.at << ": " << n.text << "\n";
}

Result<std::unique_ptr<actions::Session>> Open(GlobalOptions& global) {
  return actions::OpenSession(global.workspace);
}

// `command`: "actions list", or "actions" when it runs alone.
int RunList(GlobalOptions& global, const ActionsFlags& flags, std::string_view command) {
  auto fail = [command](const Status& s) { return ReportError(command, s); };
  auto session = Open(global);
  if (!session.ok()) return fail(session.status());
  auto items = (*session)->log->Items(!flags.all);
  if (!items.ok()) return fail(items.status());
  if (flags.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& it : *items) out.push_back(ItemJson(it));
    std::cout << JsonText(out, 2) << "\n";
    return kExitOk;
  }
  if (items->empty()) std::cout << (flags.all ? "no action items\n" : "no open action items\n");
  for (const auto& it : *items) PrintItem(it);
  return kExitOk;
}

int RunClose(GlobalOptions& global, const ActionsFlags& flags) {
  auto fail = [](const Status& s) { return ReportError("actions close", s); };
  auto session = Open(global);
  if (!session.ok()) return fail(session.status());
  if (Status s = (*session)->log->Close(flags.id, NowIso()); !s.ok()) return fail(s);
  std::cout << "closed #" << flags.id << "\n";
  return kExitOk;
}

int RunNote(GlobalOptions& global, const ActionsFlags& flags) {
  auto fail = [](const Status& s) { return ReportError("actions note", s); };
  auto session = Open(global);
  if (!session.ok()) return fail(session.status());
  if (Status s = (*session)->log->AddNote(flags.id, flags.text, NowIso()); !s.ok()) return fail(s);
  std::cout << "noted on #" << flags.id << "\n";
  return kExitOk;
}

int RunAlert(GlobalOptions& global, const ActionsFlags& flags) {
  constexpr std::string_view kCommand = "actions alert";
  auto fail = [&](const Status& s) { return ReportError(kCommand, s); };
  std::optional<catalog::Grain> grain = catalog::ParseGrain(flags.grain);
  if (!flags.grain.empty() && !grain) {
    return ReportError(kCommand, ErrorKind::kUsage,
                       "unknown --grain '" + flags.grain + "': use " + catalog::kGrainChoices);
  }
  if (!flags.today.empty()) {
    if (auto day = actions::ParseDay(flags.today); !day.ok())
      return ReportError(kCommand, ErrorKind::kUsage, "--today: " + day.status().message());
  }
  auto session = Open(global);
  if (!session.ok()) return fail(session.status());
  actions::Session& s = **session;
  auto today = Today(s, flags.today);
  if (!today.ok()) return fail(today.status());
  auto assessment = actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, grain));
  if (!assessment.ok()) return fail(assessment.status());

  std::vector<std::unique_ptr<actions::AlertSink>> owned;
  if (!flags.quiet && flags.format != "json") owned.push_back(actions::MakeStreamSink(std::cout));
  if (!flags.dry_run) {
    if (!s.alerts.file.empty()) {
      std::string path = s.alerts.file;
      if (path[0] != '/') path = s.catalog.workspace.root_dir + "/" + path;
      owned.push_back(actions::MakeJsonLinesSink(path));
    }
    for (const auto& hook : s.alerts.webhooks) owned.push_back(actions::MakeWebhookSink(hook));
  }
  std::vector<actions::AlertSink*> sinks;
  sinks.reserve(owned.size());
  for (auto& o : owned) sinks.push_back(o.get());

  actions::AlertRunOptions options;
  options.all_periods = flags.all_periods;
  options.from = flags.from;
  options.to = flags.to;
  options.today = *today;
  options.now_iso = NowIso();
  options.dry_run = flags.dry_run;
  auto report = actions::RunAlerts(**assessment, *s.log, s.alerts, sinks, options);
  if (!report.ok()) return fail(report.status());
  for (const std::string& f : report->failures) std::cerr << "warning: alert not delivered: " << f << "\n";
  if (flags.format == "json") {
    nlohmann::json out;
    out["alerts"] = nlohmann::json::array();
    for (const auto& a : report->sent) out["alerts"].push_back(actions::AlertToJson(a));
    out["duplicates"] = report->duplicates;
    out["opened"] = nlohmann::json::array();
    for (const auto& it : report->opened) out["opened"].push_back(ItemJson(it));
    out["judged"] = nlohmann::json::array();
    for (const auto& it : report->judged) out["judged"].push_back(ItemJson(it));
    out["failures"] = report->failures;
    out["deliveries"] = nlohmann::json::array();
    for (const auto& d : report->deliveries) {
      out["deliveries"].push_back({{"alert", d.alert_key},
                                   {"sink", d.sink},
                                   {"attempts", d.attempts},
                                   {"http_status", d.http_status},
                                   {"accepted", d.accepted},
                                   {"error", d.error},
                                   {"at", d.at}});
    }
    std::cout << JsonText(out, 2) << "\n";
  } else {
    for (const auto& it : report->judged) {
      std::cout << "judged ";
      PrintItem(it);
    }
    std::cerr << report->sent.size() << " alert(s) sent, " << report->duplicates << " already sent, "
              << report->opened.size() << " action item(s) opened, " << report->judged.size() << " judged\n";
  }
  if (report->failures.empty()) return kExitOk;
  // Each undelivered alert was named above; it is offered again on the next run.
  const size_t failed = report->failures.size();
  return ReportError(kCommand, ErrorKind::kIOError,
                     std::to_string(failed) + (failed == 1 ? " delivery" : " deliveries") +
                         " failed (named in the warnings above)",
                     "make the sink reachable and run `northstar actions alert` again: undelivered alerts "
                     "are offered again");
}

}  // namespace

void RegisterActions(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ActionsFlags>();
  CLI::App* sub =
      app.add_subcommand("actions", "Alerts and the action log: alert, list, close ID, note ID TEXT");
  AddWorkspaceOption(sub, global);
  sub->add_option("--format", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  sub->require_subcommand(0, 1);

  CLI::App* list = sub->add_subcommand("list", "List open action items (--all: every item)");
  list->add_flag("--all", flags->all, "Closed and judged items too");
  list->add_option("--format", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  Register(
      app, list, [&global, flags]() { return RunList(global, *flags, "actions list"); }, exit_code);

  CLI::App* close = sub->add_subcommand("close", "Close an action item");
  close->add_option("id", flags->id, "Item id")->required();
  Register(
      app, close, [&global, flags]() { return RunClose(global, *flags); }, exit_code);

  CLI::App* note = sub->add_subcommand("note", "Add a note to an action item");
  note->add_option("id", flags->id, "Item id")->required();
  note->add_option("text", flags->text, "The note")->required();
  Register(
      app, note, [&global, flags]() { return RunNote(global, *flags); }, exit_code);

  CLI::App* alert = sub->add_subcommand("alert", "Send alerts for new signals, open items, judge due items");
  alert->add_flag("--all-periods", flags->all_periods, "Walk every period, not only the latest");
  alert->add_option("--from", flags->from, "First period to walk");
  alert->add_option("--to", flags->to, "Last period to walk");
  alert->add_option("--grain", flags->grain, "Judge at this grain (default: each KPI's review grain)");
  alert->add_option("--today", flags->today, "The date items are judged on (YYYY-MM-DD)");
  alert->add_flag("--dry-run", flags->dry_run, "Print alerts only; send and store nothing");
  alert->add_flag("--quiet", flags->quiet, "Do not print alerts to stdout");
  alert->add_option("--format", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  Register(
      app, alert, [&global, flags]() { return RunAlert(global, *flags); }, exit_code);

  // `northstar actions` alone lists open items.
  // (CLI11 runs this after a subcommand's callback, so it must not touch exit_code then.)
  sub->callback([&global, flags, sub, &exit_code]() {
    if (sub->get_subcommands().empty()) {
      exit_code = RunGuarded(sub, [&global, flags] { return RunList(global, *flags, "actions"); });
    }
  });
}

}  // namespace northstar::cli
