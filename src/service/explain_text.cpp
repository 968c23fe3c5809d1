// The text of `northstar explain`: one line per fact, indented under the value.
#include <fmt/format.h>

#include "actions/text_format.h"
#include "common/number_format.h"
#include "common/text.h"
#include "judge/target.h"
#include "service/explain.h"

namespace northstar::service {
namespace {

std::string SignalText(const std::vector<judge::Signal>& signals) {
  std::string out;
  for (const judge::Signal& s : signals) {
    if (!out.empty()) out += ", ";
    out += std::string(judge::SignalRuleId(s.rule)) + " " + judge::SideName(s.side) + " (" +
           judge::EffectName(s.effect) + (s.alert ? ", alerts" : "") + ")";
  }
  return out.empty() ? "none" : out;
}

// A share of rows for people: "20 %".
std::string RowShare(double share) {
  return FormatQuantity(share, ParseUnit("ratio"));
}

class Lines {
 public:
  void operator()(const std::string& l) { text_ += l + "\n"; }
  std::string text() && { return std::move(text_); }

 private:
  std::string text_;
};

void Header(const ExplainReport& r, Lines& line) {
  const catalog::MeasureDef& kpi = *r.kpi;
  const actions::AssessedPoint& p = r.point;
  const judge::JudgedPoint& j = p.judged;
  const actions::MeasureFormat& format = r.format;
  line(kpi.id + " " + p.label + " " + r.segment + " — " + kpi.name);
  std::string kind;
  for (const std::string* t : {&kpi.type.horizon, &kpi.type.timing, &kpi.type.nature}) {
    if (!t->empty()) kind += (kind.empty() ? "" : ", ") + *t;
  }
  if (!kind.empty() || !kpi.unit.empty()) {
    line("  " + kind + (kind.empty() || kpi.unit.empty() ? "" : "; ") +
         (kpi.unit.empty() ? std::string() : "unit " + kpi.unit));
  }
  if (!kpi.constraints.empty()) line("  constraints: " + kpi.constraints);
  line("  value   " + format.Value(p.input.value) + "  (" +
       FormatPlainNumber(double(p.input.rows.value_or(0))) + " rows)   target " +
       (j.target ? format.Target(*j.target) : "-") + "   status " + judge::KpiStatusName(j.status));
  if (j.limits) {
    line("  limits  " + format.LimitRange(*j.limits) + " (center " + format.Limit(j.limits->center) +
         "), baseline " + (r.baseline_from.empty() ? "-" : r.baseline_from + " .. " + r.baseline_to) + " (" +
         std::to_string(j.baseline_values) + " values" + (j.short_baseline ? ", short" : "") + ")");
  } else {
    line("  limits  none yet (the baseline has no two adjacent values)");
  }
  if (p.input.in_progress) {
    line("  in progress: the data covers " + RowShare(p.input.elapsed) + " of the period" +
         (j.pace ? "; pace " + format.Value(j.pace) : std::string()) +
         " (not judged, never alerted, not in any baseline)");
  } else if (p.input.partial) {
    line("  partial: the data starts inside this period (kept out of baselines, never alerted)");
  }
  if (j.chronic_miss)
    line("  chronic miss: the target was missed in 3 of the last 4 complete periods, so off track");
  line("  signals " + SignalText(j.signals));
  if (r.previous && r.previous->input.value && p.input.value) {
    line("  change  " + r.previous->label + " " + format.Value(r.previous->input.value) + " -> " +
         format.Value(p.input.value) + " (" + format.Change(*p.input.value - *r.previous->input.value) + ")");
  }
}

void GuardsAndFindings(const ExplainReport& r, Lines& line) {
  if (!r.guards.empty()) line("  guards");
  for (const ExplainGuard& g : r.guards) {
    if (!g.point) {
      line("    " + g.id + ": no value");
      continue;
    }
    line("    " + g.id + " " + g.format.Value(g.point->input.value) + " (" +
         judge::KpiStatusName(g.point->judged.status) + ") signals: " + SignalText(g.point->judged.signals) +
         (g.worsened ? "  <- worsened" : ""));
  }
  for (const judge::GamingRisk& risk : r.point.gaming)
    line("  GAMING RISK: " + judge::DescribeGamingRisk(risk));
  for (const judge::MaskedSegment& m : r.point.masked) {
    line("  MASKED SEGMENT: " + m.segment + " (" + RowShare(m.share) + " of rows) is off track at " +
         r.format.Value(m.value) + " while the total is on track");
  }
}

void Dimensions(const ExplainReport& r, int top, Lines& line) {
  if (r.dimensions.empty()) return;
  const actions::MeasureFormat& format = r.format;
  line("  segments that moved most (vs " + r.previous->label +
       "; rate = own value moved, mix = share of rows moved)");
  for (const ExplainDimension& d : r.dimensions) {
    const actions::MixRate& mr = d.mix_rate;
    line("    " + d.dimension + ": rate " + format.Change(mr.rate) + ", mix " + format.Change(mr.mix) +
         ", residual " + format.Change(mr.residual));
    int shown = 0;
    for (const actions::SegmentEffect& e : mr.segments) {
      if (shown++ >= top) break;
      line("      " + e.segment + "  " + format.Value(e.before) + " -> " + format.Value(e.after) + "  rows " +
           RowShare(e.share_before) + " -> " + RowShare(e.share_after) + "  rate " + format.Change(e.rate) +
           "  mix " + format.Change(e.mix));
    }
  }
}

void DriversAndLeads(const ExplainReport& r, Lines& line) {
  if (!r.drivers.empty()) line("  drivers (vs " + (r.previous ? r.previous->label : std::string("-")) + ")");
  for (const ExplainDriver& d : r.drivers) {
    std::string change;
    if (d.previous && d.value) {
      change = " (" + d.format.Change(*d.value - *d.previous) +
               (*d.previous != 0 ? ", " + FormatRelativeChange(*d.value / *d.previous - 1) : "") + ")";
    }
    line("    " + d.id + " " + d.format.Value(d.previous) + " -> " + d.format.Value(d.value) + change +
         (d.signal_ids.empty() ? "" : "  signals: " + d.signal_ids));
  }
  if (!r.leads.empty()) line("  does it lead? (northstar analyze leadlag)");
  for (const ExplainLead& l : r.leads) {
    if (!l.error.empty()) {
      line("    " + l.lagging + ": not tested: " + l.error);
      continue;
    }
    const analysis::LeadLagResult& x = l.report.result;
    const std::string grain = catalog::GrainName(l.report.grain);
    line("    " + l.lagging + ": " +
         (x.leads ? "leads by " + std::to_string(x.best_lag) + " " + grain + (x.best_lag == 1 ? "" : "s")
                  : std::string("no significant lead")) +
         fmt::format(" (best lag {}, r = {:.3f}, p = {:.4f}, {} periods)", x.best_lag, x.correlation,
                     x.p_value, l.report.periods));
  }
}

// Example comments behind a qualitative value (SPEC §10), one per line.
void Quotes(const ExplainReport& r, Lines& line) {
  if (!r.quotes_error.empty()) line("  example comments: not read: " + r.quotes_error);
  for (const engine::QuoteSet& q : r.quotes) {
    const std::string rows =
        q.rows == 0 ? "no rows" : std::to_string(q.rows) + (q.rows == 1 ? " row" : " rows");
    switch (q.kind) {
      case engine::QuoteSet::Kind::kMatching:
        line("  comments where " + q.expression + " (" + rows + (q.quotes.empty() ? "" : "; the latest") +
             ")");
        break;
      case engine::QuoteSet::Kind::kLowest: line("  lowest " + q.expression + " (" + rows + ")"); break;
      case engine::QuoteSet::Kind::kHighest: line("  highest " + q.expression + " (" + rows + ")"); break;
    }
    for (const engine::Quote& quote : q.quotes) {
      line("    " + (quote.score ? fmt::format("{:+.2f}  ", *quote.score) : std::string()) + "\"" +
           OneLineExcerpt(quote.text, 160) + "\"" + (quote.time.empty() ? "" : "  " + quote.time));
    }
  }
}

void History(const ExplainReport& r, Lines& line) {
  for (const results::Annotation& n : r.annotations) {
    line("  note #" + std::to_string(n.id) + " " + n.from + (n.to != n.from ? ".." + n.to : "") + ": " +
         n.text + (n.process_change ? " (process change: a new baseline starts here)" : ""));
  }
  for (const actions::ActionItem& it : r.open_actions) {
    line("  open action #" + std::to_string(it.id) + ": " + it.what + " (" + it.who + ", review " + it.due +
         ")");
  }
  if (r.versions.size() > 1) {
    line("  definition versions (values of different versions are never mixed)");
    for (const results::DefinitionVersion& v : r.versions) {
      line("    v" + std::to_string(v.version) + " since " + v.created_at + ": " +
           (v.change_reason.empty() ? "(no reason recorded)" : v.change_reason));
    }
  }
  for (const results::Restatement& x : r.restatements) {
    line("  restated " + x.restated_at + ": " + r.format.Value(x.old_value) + " -> " +
         r.format.Value(x.new_value) + " (" + x.reason + ")");
  }
}

}  // namespace

std::string ExplainQuotesText(const ExplainReport& report) {
  Lines line;
  Quotes(report, line);
  return std::move(line).text();
}

std::string ExplainText(const ExplainReport& report, int top) {
  Lines line;
  Header(report, line);
  GuardsAndFindings(report, line);
  Dimensions(report, top, line);
  DriversAndLeads(report, line);
  Quotes(report, line);
  History(report, line);
  return std::move(line).text();
}

}  // namespace northstar::service
