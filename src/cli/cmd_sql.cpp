// `northstar sql [KPI...] --dialect D [--grain G] [--table SOURCE=NAME]...` (SPEC §9):
// prints one statement that computes the KPIs on another engine, over the data where
// it lives. What a dialect cannot express is refused (exit 1), never approximated.
#include <iostream>

#include "cli/command.h"
#include "service/workspace.h"

namespace northstar::cli {
namespace {

struct SqlFlags {
  std::vector<std::string> measures, tables;
  std::string dialect = "postgres", grain;
};

constexpr std::string_view kCommand = "sql";

int RunSql(GlobalOptions& global, const SqlFlags& flags) {
  sql::SqlRequest request;
  request.measures = flags.measures;
  const auto dialect = sql::ParseDialect(flags.dialect);
  if (!dialect)
    return ReportError(kCommand, ErrorKind::kUsage,
                       "unknown --dialect '" + flags.dialect + "': use " + sql::kDialectChoices);
  request.dialect = *dialect;
  if (auto error = ParseGrainFlag(kCommand, flags.grain, request.grain)) return *error;
  for (const std::string& t : flags.tables) {
    const size_t eq = t.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == t.size())
      return ReportError(kCommand, ErrorKind::kUsage, "--table '" + t + "' is not SOURCE=TABLE",
                         "for example --table tickets=analytics.tickets");
    request.tables[t.substr(0, eq)] = t.substr(eq + 1);
  }
  auto workspace = service::Workspace::Open(global.workspace, service::Environment::System());
  if (!workspace.ok()) return ReportError(kCommand, workspace.status());
  auto statement = (*workspace)->Sql(request);
  if (!statement.ok()) {
    // SPEC §9: what a dialect cannot express is a finding about the catalog (exit 1).
    if (statement.status().code() == StatusCode::kUnsupported)
      return ReportError(
          kCommand, ErrorKind::kFindings, statement.status().message(),
          "`northstar compute` computes it natively; docs/scale.md lists what each dialect compiles");
    return ReportError(kCommand, statement.status());
  }
  std::cout << *statement;
  return kExitOk;
}

}  // namespace

void RegisterSql(Command app, GlobalOptions& global, int& exit_code) {
  auto flags = std::make_shared<SqlFlags>();
  Command sub = app.AddSubcommand("sql", "Print SQL that computes the KPIs on another engine (SPEC §9)");
  AddWorkspaceOption(sub, global);
  sub.AddOption("measures", flags->measures, "KPI or metric ids (default: all)");
  sub.AddOption("--dialect", flags->dialect, std::string("SQL dialect: ") + sql::kDialectChoices)
      .ShowDefault();
  sub.AddOption("--grain", flags->grain, "Only this grain: day, week, month, quarter, year");
  sub.AddOption("--table", flags->tables, "SOURCE=TABLE: read SOURCE from TABLE (default: the source id)");
  Register(
      sub, [&global, flags]() { return RunSql(global, *flags); }, exit_code);
}

}  // namespace northstar::cli
