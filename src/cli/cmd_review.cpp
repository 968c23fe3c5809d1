// `northstar review [--period P] [--out DIR]`: writes review.html and review.md.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "actions/alert_run.h"
#include "actions/session.h"
#include "cli/command.h"
#include "review/review.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::cli {
namespace {

struct ReviewFlags {
  std::string period, out = ".northstar/review", today, grain;
};

constexpr std::string_view kCommand = "review";

int RunReview(GlobalOptions& global, const ReviewFlags& flags) {
  auto fail = [](const Status& s) { return ReportError(kCommand, s); };
  std::optional<catalog::Grain> grain = catalog::ParseGrain(flags.grain);
  if (!flags.grain.empty() && !grain) {
    return ReportError(kCommand, ErrorKind::kUsage,
                       "unknown --grain '" + flags.grain + "': use " + catalog::kGrainChoices);
  }
  std::optional<int32_t> today;
  if (!flags.today.empty()) {
    auto day = actions::ParseDay(flags.today);
    if (!day.ok()) return ReportError(kCommand, ErrorKind::kUsage, "--today: " + day.status().message());
    today = *day;
  }
  auto session = actions::OpenSession(global.workspace);
  if (!session.ok()) return fail(session.status());
  actions::Session& s = **session;
  auto assessment = actions::Assessment::Build(s.catalog, *s.db, actions::AssessOptionsFor(s.alerts, grain));
  if (!assessment.ok()) return fail(assessment.status());
  review::ReviewOptions options;
  options.period = flags.period;
  if (today) {
    options.today = *today;
  } else {
    auto zone = time::ZoneConverter::Create(s.catalog.workspace.timezone);
    if (!zone.ok()) return fail(zone.status());
    options.today = time::LocalDay(time::SystemClock().Now(), *zone);
  }
  for (const catalog::MeasureDef& m : s.catalog.measures) {
    if (!m.is_kpi) continue;
    auto versions = s.db->Versions(m.id);
    if (!versions.ok()) return fail(versions.status());
    auto restated = s.db->Restatements(m.id);
    if (!restated.ok()) return fail(restated.status());
    for (auto& v : *versions) options.history.versions.push_back(std::move(v));
    for (auto& r : *restated) options.history.restatements.push_back(std::move(r));
  }
  auto doc = review::BuildReview(**assessment, *s.log, options);
  if (!doc.ok()) return fail(doc.status());
  std::filesystem::path out(flags.out);
  if (out.is_relative()) out = std::filesystem::path(s.catalog.workspace.root_dir) / out;
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

void RegisterReview(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<ReviewFlags>();
  CLI::App* sub = app.add_subcommand("review", "The weekly review: HTML + Markdown");
  AddWorkspaceOption(sub, global);
  sub->add_option("--period", flags->period, "Review period label (default: the latest)");
  sub->add_option("--out", flags->out, "Output folder (relative to the workspace)")->capture_default_str();
  sub->add_option("--today", flags->today, "Date for `actions due` (YYYY-MM-DD; default: today)");
  sub->add_option("--grain", flags->grain, "Judge at this grain (default: each KPI's review grain)");
  Register(
      app, sub, [&global, flags]() { return RunReview(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
