// The text and CSV forms of the scorecard (`northstar status`).
#include <cmath>
#include <cstdio>
#include <map>
#include <sstream>

#include "actions/text_format.h"
#include "common/text.h"
#include "judge/status_row.h"
#include "service/scorecard.h"

namespace northstar::service {
namespace {

const char* Colour(judge::KpiStatus s) {
  switch (s) {
    case judge::KpiStatus::kOnTrack: return "\033[32m";
    case judge::KpiStatus::kWatch: return "\033[33m";
    case judge::KpiStatus::kOffTrack: return "\033[31m";
    default: return "\033[90m";
  }
}

void Csv(const ScorecardReport& card, std::ostream& out) {
  out << "kpi,period,segment,value,target,status,lower_limit,center,upper_limit,signals\n";
  for (const ScorecardRow& r : card.rows) {
    const judge::StatusRow row = judge::ToStatusRow(r.point.judged);
    out << CsvField(r.kpi) << ',' << r.point.label << ',' << CsvField(r.segment) << ',' << row.value << ','
        << CsvField(row.target) << ',' << row.status << ',' << row.lower_limit << ',' << row.center << ','
        << row.upper_limit << ',' << r.point.SignalIds() << "\n";
  }
}

std::string Score(const std::optional<double>& score) {
  if (!score) return "n/a";
  char text[16];
  std::snprintf(text, sizeof text, "%.2f", *score);
  return text;
}

void Card(const KpiCard& c, const std::string& indent, bool colour, std::ostream& out) {
  const std::string status = c.latest ? judge::KpiStatusName(c.latest->judged.status) : "no_data";
  const std::string target =
      c.latest && c.latest->judged.target ? c.format.Target(*c.latest->judged.target) : "-";
  const std::string value = c.format.Value(c.latest ? c.latest->input.value : std::nullopt);
  out << indent << "  " << actions::PadRight(c.kpi, 28) << " "
      << actions::PadRight(c.latest ? c.latest->label : "-", 9) << " " << actions::PadLeft(value, 10)
      << "  target " << actions::PadRight(target, 9) << " ";
  if (colour && c.latest) out << Colour(c.latest->judged.status);
  out << actions::PadRight(status, 9) << (colour ? "\033[0m" : "") << "  " << actions::Sparkline(c.trend);
  if (!c.last_signal.empty()) out << "  last signal " << c.last_signal_period << ": " << c.last_signal;
  if (c.open_actions > 0) out << "  open actions: " << c.open_actions;
  if (c.filling) {
    out << "  " << c.filling->label << " in progress: " << c.format.Value(c.filling->input.value)
        << " so far";
    if (c.filling->judged.pace && c.filling->judged.pace != c.filling->input.value)
      out << ", pace " << c.format.Value(c.filling->judged.pace);
  }
  out << "\n";
  if (c.forecast) {
    const analysis::Forecast& f = *c.forecast;
    out << indent << "      by " << c.deadline_period << ": " << c.format.Value(f.projected)
        << " (80 % interval " << c.format.Value(f.low80) << " to " << c.format.Value(f.high80) << ", "
        << f.model << ")";
    if (f.probability_on_target)
      out << ", " << std::lround(*f.probability_on_target * 100) << " % chance on target";
    out << "\n";
  }
}

void Text(const ScorecardReport& card, bool colour, std::ostream& out) {
  for (const GoalCards& g : card.goals) {
    const std::string indent(static_cast<size_t>(g.depth) * 2, ' ');
    out << indent << (colour ? "\033[1m" : "") << (g.def ? g.def->statement : "(no goal: " + g.goal + ")")
        << (colour ? "\033[0m" : "");
    if (g.def)
      out << "  [" << g.goal << ", " << g.def->owner
          << (g.def->deadline.empty() ? "" : ", by " + g.def->deadline) << "]";
    out << "  score " << Score(g.score) << "\n";
    for (const KpiCard& c : g.kpis) Card(c, indent, colour, out);
    out << "\n";
  }
  if (card.objectives.empty()) return;
  std::map<std::string, const actions::MeasureFormat*> formats;  // key results read in their KPI's unit
  for (const GoalCards& g : card.goals)
    for (const KpiCard& c : g.kpis) formats[c.kpi] = &c.format;
  out << (colour ? "\033[1m" : "") << "Objectives" << (colour ? "\033[0m" : "") << "\n";
  for (const ObjectiveCard& o : card.objectives) {
    out << "  " << o.def.statement << "  [" << o.def.id
        << (o.def.kind == catalog::ObjectiveKind::kAspirational ? ", aspirational" : ", committed")
        << "]  score " << Score(o.score) << " of " << Score(o.expected) << " expected\n";
    for (const KeyResultCard& k : o.key_results) {
      out << "    " << Score(k.score) << "  " << (k.def.description.empty() ? k.def.kpi : k.def.description);
      if (!k.def.kpi.empty() && k.actual) {
        auto f = formats.find(k.def.kpi);
        out << "  (" << k.def.kpi << " " << k.period << ": "
            << (f != formats.end() ? f->second->Value(k.actual) : std::to_string(*k.actual)) << ")";
      }
      if (k.def.kpi.empty() && !k.def.note.empty()) out << "  (" << k.def.note << ")";
      out << "\n";
    }
  }
  out << "\n";
}

}  // namespace

std::string ScorecardText(const ScorecardReport& card, bool colour) {
  std::ostringstream out;
  Text(card, colour, out);
  return out.str();
}

std::string ScorecardCsv(const ScorecardReport& card) {
  std::ostringstream out;
  Csv(card, out);
  return out.str();
}

}  // namespace northstar::service
