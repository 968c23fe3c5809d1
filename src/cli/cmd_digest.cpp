// `northstar digest [--owner NAME] [--format text|json|slack] [--send]`: per owner, what
// changed, what is off track and which actions are due; printed, or posted to the
// webhooks of `alerts:` with --send.
#include <iostream>

#include "actions/alert_run.h"
#include "cli/command.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

struct DigestFlags {
  std::string owner, today, format = "text";
  int due_within = 7;
  bool send = false;
};

constexpr std::string_view kCommand = "digest";

int RunDigest(GlobalOptions& global, const DigestFlags& flags) {
  service::DigestRequest request;
  request.owner = flags.owner;
  request.due_within_days = flags.due_within;
  request.send = flags.send;
  if (!flags.today.empty()) {
    auto day = actions::ParseDay(flags.today);
    if (!day.ok()) return ReportError(kCommand, ErrorKind::kUsage, "--today: " + day.status().message());
    request.today = *day;
  }
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  auto report = (*workspace)->Digest(request);
  if (!report.ok()) return ReportError(kCommand, report.status());
  for (const Status& e : report->errors) std::cerr << "northstar digest: warning: " << e.ToString() << "\n";
  for (size_t i = 0; i < report->owners.size(); ++i) {
    const service::OwnerDigest& d = report->owners[i];
    if (flags.format == "json") {
      std::cout << service::DigestJson(*report, d) << "\n";
    } else {
      if (i > 0) std::cout << "\n";
      std::cout << (flags.format == "slack" ? service::DigestSlackText(*report, d)
                                            : service::DigestText(*report, d));
    }
  }
  int failed = 0;
  for (const service::DigestDelivery& delivery : report->deliveries) {
    if (delivery.status.ok()) {
      std::cerr << "digest for " << delivery.owner << " sent to " << delivery.url << "\n";
    } else {
      ++failed;
      std::cerr << "digest for " << delivery.owner << " not sent: " << delivery.status.ToString() << "\n";
    }
  }
  if (flags.send && report->deliveries.empty())
    std::cerr << "northstar digest: no webhooks under `alerts:` in northstar.yaml; nothing sent\n";
  if (failed > 0) {
    return ReportError(kCommand, ErrorKind::kIOError, std::to_string(failed) + " digest deliveries failed",
                       "check the webhook URLs under `alerts:` and run `northstar digest --send` again");
  }
  return kExitOk;
}

}  // namespace

void RegisterDigest(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<DigestFlags>();
  Command sub = app.AddSubcommand("digest", "Per owner: what changed, what is off track, actions due");
  AddWorkspaceOption(sub, global);
  sub.AddOption("--owner", flags->owner, "Only this owner's digest (default: one per owner)");
  sub.AddOption("--format", flags->format, "text, json (one object per line) or slack")
      .OneOf({"text", "json", "slack"})
      .ShowDefault();
  sub.AddOption("--due-within", flags->due_within, "Actions due up to this many days ahead")
      .InRange(0, 3650)
      .ShowDefault();
  sub.AddOption("--today", flags->today, "The day of the digest (YYYY-MM-DD; default: today)");
  sub.AddFlag("--send", flags->send, "Post each owner's digest to the webhooks under `alerts:`");
  Register(
      sub, [&global, flags]() { return RunDigest(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
