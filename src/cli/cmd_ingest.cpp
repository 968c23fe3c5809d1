// `northstar ingest [SOURCE] [--file PATH]`: reads each source (or the named one, or a
// batch file for it) and commits its rows to the workspace's store, then prints per
// source the identity `rows read = stored + rejected`, what the commit did, the periods
// it touched, speed, where the rejected rows went, and the data-quality report (SPEC §7).
// `--report` prints the data-quality report of the stored state without ingesting.
//
// Exit codes (docs/errors.md): 0 when every source was read and committed, even with
// rejected rows (they are reported and kept in a reject file, never fatal). When a source
// cannot be read as a whole (missing file: not_found; missing column: invalid_input;
// unreadable database: io_error) or the store fails (locked: conflict; damaged:
// damaged_store), that source commits nothing, the others still do, and the exit code is
// the kind of the first source that failed. --file without SOURCE is a usage error; an
// unknown SOURCE is not_found.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/progress.h"
#include "common/json_text.h"
#include "service/report_json.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

constexpr std::string_view kCommand = "ingest";

struct IngestFlags {
  std::string source;
  std::string file;
  bool report = false;
  std::string format = "text";
  double stale_after_days = 2;
};

// A progress line on stderr per source read.
class StderrProgress final : public service::IngestProgress {
 public:
  void Begin(const std::string& source) override {
    line_ = std::make_unique<ProgressLine>(source, ProgressLine::IsInteractive(stderr));
  }
  void Update(int64_t done, int64_t total, int64_t rows) override { line_->Update(done, total, rows); }
  void End() override { line_.reset(); }

 private:
  std::unique_ptr<ProgressLine> line_;
};

int RunIngest(const GlobalOptions& global, const IngestFlags& flags) {
  if (!flags.file.empty() && flags.source.empty()) {
    return ReportError(kCommand, ErrorKind::kUsage,
                       "--file needs a SOURCE: the file is read as a batch of that source");
  }
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  StderrProgress progress;
  service::IngestRequest request;
  request.source = flags.source;
  request.file = flags.file;
  request.quality.stale_after = static_cast<time::Micros>(flags.stale_after_days * time::kMicrosPerDay);
  request.progress = &progress;
  auto fail = [&](const Status& status) {
    if (status.message() == "northstar.yaml has errors") {  // list them first
      for (const auto& d : (*workspace)->diagnostics().items()) {
        if (d.severity == Severity::kError && d.where.file == "northstar.yaml")
          std::cerr << d.ToString() << "\n";
      }
      return ReportError(kCommand, ErrorKind::kInvalidInput, status.message() + ", listed above",
                         status.hint());
    }
    return ReportError(kCommand, status);
  };
  if (flags.report) {
    auto report = (*workspace)->StoreState(request);
    if (!report.ok()) return fail(report.status());
    if (flags.format == "json") {
      std::cout << JsonText(service::StoreJson(*report), 2) << "\n";
    } else {
      for (const auto& s : report->sources) std::cout << service::StoredText(s);
    }
    return kExitOk;
  }
  auto report = (*workspace)->Ingest(request);
  if (!report.ok()) return fail(report.status());
  // A source that failed committed nothing; the others did. The exit code is the kind
  // of the first source that failed.
  int exit_code = kExitOk;
  for (const auto& s : report->sources) {
    if (!s.error.ok()) {
      const int code = ReportError(kCommand, s.error);
      if (exit_code == kExitOk) exit_code = code;
    } else if (flags.format != "json") {
      std::cout << service::IngestText(s) << std::flush;
    }
  }
  if (flags.format == "json") std::cout << JsonText(service::IngestJson(*report), 2) << "\n";
  return exit_code;
}

}  // namespace

void RegisterIngest(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<IngestFlags>();
  Command sub =
      app.AddSubcommand("ingest", "Load rows into the store; report rejected rows and data quality");
  AddWorkspaceOption(sub, global);
  sub.AddOption("source", flags->source, "Only this source (default: every source in northstar.yaml)");
  sub.AddOption("--file", flags->file, "Read this batch file for SOURCE instead of its `from:`");
  sub.AddFlag("--report", flags->report, "Print the data-quality report of the store; ingest nothing");
  sub.AddOption("--format", flags->format, "Output: text or json").OneOf({"text", "json"}).ShowDefault();
  sub.AddOption("--stale-after", flags->stale_after_days, "Warn when a source's newest row is older (days)")
      .Positive()
      .ShowDefault();
  Register(
      sub, [&global, flags] { return RunIngest(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
