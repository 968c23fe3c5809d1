// `northstar review [--period P] [--out DIR]`: writes review.html and review.md.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "actions/alert_run.h"
#include "cli/command.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

struct ReviewFlags {
  std::string period, out = ".northstar/review", today, grain;
};

constexpr std::string_view kCommand = "review";

int RunReview(GlobalOptions& global, const ReviewFlags& flags) {
  auto fail = [](const Status& s) { return ReportError(kCommand, s); };
  std::optional<catalog::Grain> grain;
  if (auto error = ParseGrainFlag(kCommand, flags.grain, grain)) return *error;
  std::optional<int32_t> today;
  if (!flags.today.empty()) {
    auto day = actions::ParseDay(flags.today);
    if (!day.ok()) return ReportError(kCommand, ErrorKind::kUsage, "--today: " + day.status().message());
    today = *day;
  }
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return fail(workspace.status());
  service::ReviewRequest request{flags.period, grain, today};
  auto doc = (*workspace)->Review(request);
  if (!doc.ok()) return fail(doc.status());
  std::filesystem::path out(flags.out);
  if (out.is_relative()) out = std::filesystem::path((*workspace)->catalog().workspace.root_dir) / out;
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  for (const auto& [name, text] :
       {std::pair{"review.html", &doc->html}, std::pair{"review.md", &doc->markdown}}) {
    std::ofstream f(out / name, std::ios::binary);
    f << *text;
    if (!f) return fail(Status::IOError("cannot write " + (out / name).string()));
  }
  std::cout << doc->markdown;
  std::cerr << "review of " << doc->period << " written to " << (out / "review.html").string() << " and "
            << (out / "review.md").string() << "\n";
  return kExitOk;
}

}  // namespace

void RegisterReview(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ReviewFlags>();
  Command sub = app.AddSubcommand("review", "The weekly review: HTML + Markdown");
  AddWorkspaceOption(sub, global);
  sub.AddOption("--period", flags->period, "Review period label (default: the latest)");
  sub.AddOption("--out", flags->out, "Output folder (relative to the workspace)").ShowDefault();
  sub.AddOption("--today", flags->today, "Date for `actions due` (YYYY-MM-DD; default: today)");
  sub.AddOption("--grain", flags->grain, "Judge at this grain (default: each KPI's review grain)");
  Register(
      sub, [&global, flags]() { return RunReview(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
