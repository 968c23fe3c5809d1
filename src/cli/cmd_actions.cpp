// `northstar actions`: the action log. `actions alert` raises alerts for new signals,
// sends them (stdout, JSON lines, webhooks), opens action items, sends recoveries and
// judges items whose review date has come; `list`, `close ID`, `note ID TEXT` manage it.
#include <iostream>
#include <nlohmann/json.hpp>

#include "actions/alert_run.h"
#include "actions/sinks.h"
#include "cli/command.h"
#include "common/json_text.h"
#include "service/report_json.h"
#include "service/workspace.h"

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

Result<std::unique_ptr<service::Workspace>> Open(GlobalOptions& global) {
  return service::Workspace::Open(global.workspace, service::Environment::System());
}

// `command`: "actions list", or "actions" when it runs alone.
int RunList(GlobalOptions& global, const ActionsFlags& flags, std::string_view command) {
  auto fail = [command](const Status& s) { return ReportError(command, s); };
  auto workspace = Open(global);
  if (!workspace.ok()) return fail(workspace.status());
  auto items = (*workspace)->ActionItems(!flags.all);
  if (!items.ok()) return fail(items.status());
  if (flags.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& it : *items) out.push_back(service::ActionItemJson(it));
    std::cout << JsonText(out, 2) << "\n";
    return kExitOk;
  }
  if (items->empty()) std::cout << (flags.all ? "no action items\n" : "no open action items\n");
  for (const auto& it : *items) std::cout << service::ActionItemText(it);
  return kExitOk;
}

int RunClose(GlobalOptions& global, const ActionsFlags& flags) {
  auto fail = [](const Status& s) { return ReportError("actions close", s); };
  auto workspace = Open(global);
  if (!workspace.ok()) return fail(workspace.status());
  if (Status s = (*workspace)->CloseAction({flags.id, ""}); !s.ok()) return fail(s);
  std::cout << "closed #" << flags.id << "\n";
  return kExitOk;
}

int RunNote(GlobalOptions& global, const ActionsFlags& flags) {
  auto fail = [](const Status& s) { return ReportError("actions note", s); };
  auto workspace = Open(global);
  if (!workspace.ok()) return fail(workspace.status());
  if (Status s = (*workspace)->AddActionNote({flags.id, flags.text}); !s.ok()) return fail(s);
  std::cout << "noted on #" << flags.id << "\n";
  return kExitOk;
}

int RunAlert(GlobalOptions& global, const ActionsFlags& flags) {
  constexpr std::string_view kCommand = "actions alert";
  auto fail = [&](const Status& s) { return ReportError(kCommand, s); };
  service::AlertRequest request;
  if (auto error = ParseGrainFlag(kCommand, flags.grain, request.grain)) return *error;
  if (!flags.today.empty()) {
    auto day = actions::ParseDay(flags.today);
    if (!day.ok()) return ReportError(kCommand, ErrorKind::kUsage, "--today: " + day.status().message());
    request.today = *day;
  }
  request.all_periods = flags.all_periods;
  request.from = flags.from;
  request.to = flags.to;
  request.dry_run = flags.dry_run;
  std::unique_ptr<actions::AlertSink> terminal;
  if (!flags.quiet && flags.format != "json") {
    terminal = actions::MakeStreamSink(std::cout);
    request.sinks.push_back(terminal.get());
  }
  auto workspace = Open(global);
  if (!workspace.ok()) return fail(workspace.status());
  auto report = (*workspace)->Alert(request);
  if (!report.ok()) return fail(report.status());
  for (const std::string& f : report->failures) std::cerr << "warning: alert not delivered: " << f << "\n";
  if (flags.format == "json") {
    std::cout << JsonText(service::AlertRunJson(*report), 2) << "\n";
  } else {
    for (const auto& it : report->judged) std::cout << "judged " << service::ActionItemText(it);
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

void RegisterActions(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ActionsFlags>();
  Command sub =
      app.AddSubcommand("actions", "Alerts and the action log: alert, list, close ID, note ID TEXT");
  AddWorkspaceOption(sub, global);
  sub.AddOption("--format", flags->format, "text or json").OneOf({"text", "json"});
  sub.RequireSubcommand(0, 1);

  Command list = sub.AddSubcommand("list", "List open action items (--all: every item)");
  list.AddFlag("--all", flags->all, "Closed and judged items too");
  list.AddOption("--format", flags->format, "text or json").OneOf({"text", "json"});
  Register(
      list, [&global, flags]() { return RunList(global, *flags, "actions list"); }, exit_code);

  Command close = sub.AddSubcommand("close", "Close an action item");
  close.AddOption("id", flags->id, "Item id").Required();
  Register(
      close, [&global, flags]() { return RunClose(global, *flags); }, exit_code);

  Command note = sub.AddSubcommand("note", "Add a note to an action item");
  note.AddOption("id", flags->id, "Item id").Required();
  note.AddOption("text", flags->text, "The note").Required();
  Register(
      note, [&global, flags]() { return RunNote(global, *flags); }, exit_code);

  Command alert = sub.AddSubcommand("alert", "Send alerts for new signals, open items, judge due items");
  alert.AddFlag("--all-periods", flags->all_periods, "Walk every period, not only the latest");
  alert.AddOption("--from", flags->from, "First period to walk");
  alert.AddOption("--to", flags->to, "Last period to walk");
  alert.AddOption("--grain", flags->grain, "Judge at this grain (default: each KPI's review grain)");
  alert.AddOption("--today", flags->today, "The date items are judged on (YYYY-MM-DD)");
  alert.AddFlag("--dry-run", flags->dry_run, "Print alerts only; send and store nothing");
  alert.AddFlag("--quiet", flags->quiet, "Do not print alerts to stdout");
  alert.AddOption("--format", flags->format, "text or json").OneOf({"text", "json"});
  Register(
      alert, [&global, flags]() { return RunAlert(global, *flags); }, exit_code);

  // `northstar actions` alone lists open items.
  // (CLI11 runs this after a subcommand's callback, so it must not touch exit_code then.)
  sub.OnRun([&global, flags, sub, &exit_code]() {
    if (!sub.SubcommandChosen()) {
      exit_code = RunGuarded(sub, [&global, flags] { return RunList(global, *flags, "actions"); });
    }
  });
}

}  // namespace northstar::cli
