#include "server/metrics.h"

#include <fmt/format.h>

#include <map>

#include "judge/target.h"

namespace northstar::server {
namespace {

std::string Number(double v) {
  return judge::FormatNumber(v);  // shortest text that reads back to the same double
}

}  // namespace

std::string EscapeLabel(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string KpiMetrics(const service::ScorecardReport& card) {
  std::map<std::string, std::string> grain_of;  // a row is judged at its KPI's card grain
  for (const service::GoalCards& g : card.goals)
    for (const service::KpiCard& c : g.kpis) grain_of[c.kpi] = catalog::GrainName(c.grain);
  std::string values, targets, statuses;
  for (const service::ScorecardRow& r : card.rows) {
    const judge::JudgedPoint& j = r.point.judged;
    const std::string& grain = grain_of[r.kpi];
    const std::string labels = fmt::format("kpi=\"{}\",segment=\"{}\",grain=\"{}\"", EscapeLabel(r.kpi),
                                           EscapeLabel(r.segment), grain);
    if (r.point.input.value)
      values += fmt::format("northstar_kpi_value{{{}}} {}\n", labels, Number(*r.point.input.value));
    if (j.target && j.target->kind == judge::PeriodTarget::Kind::kThreshold)
      targets += fmt::format("northstar_kpi_target{{{}}} {}\n", labels, Number(j.target->value));
    int status = -1;
    if (j.status == judge::KpiStatus::kOnTrack) status = 0;
    if (j.status == judge::KpiStatus::kWatch) status = 1;
    if (j.status == judge::KpiStatus::kOffTrack) status = 2;
    if (status >= 0) statuses += fmt::format("northstar_kpi_status{{{}}} {}\n", labels, status);
  }
  return "# HELP northstar_kpi_value The latest complete value of a KPI and segment.\n"
         "# TYPE northstar_kpi_value gauge\n" +
         values +
         "# HELP northstar_kpi_target The target of that value (threshold targets).\n"
         "# TYPE northstar_kpi_target gauge\n" +
         targets +
         "# HELP northstar_kpi_status Its status: 0 on_track, 1 watch, 2 off_track.\n"
         "# TYPE northstar_kpi_status gauge\n" +
         statuses;
}

}  // namespace northstar::server
