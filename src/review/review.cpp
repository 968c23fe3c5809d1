#include "review/review.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "actions/alert_run.h"
#include "actions/text_format.h"
#include "judge/target.h"
#include "review/markdown_text.h"
#include "review/review_items.h"
#include "review/review_period.h"
#include "review/segment_detail.h"
#include "review/svg_chart.h"

namespace northstar::review {
namespace {

using actions::AssessedPoint;
using actions::AssessedSeries;
using catalog::Grain;

std::optional<double> TargetValue(const judge::JudgedPoint& j) {
  if (!j.target) return std::nullopt;
  if (j.target->kind == judge::PeriodTarget::Kind::kRange) return (j.target->low + j.target->high) / 2;
  return j.target->value;
}

std::vector<ChartPoint> ChartOf(const AssessedSeries& s, int32_t anchor_day, int count, bool prior_year) {
  std::vector<ChartPoint> out;
  const int32_t last = time::PeriodOfDay(anchor_day, s.grain).index;
  for (int32_t idx = last - count + 1; idx <= last; ++idx) {
    ChartPoint c;
    c.label = time::PeriodLabel({s.grain, idx});
    if (const AssessedPoint* p = s.Find(c.label)) {
      c.value = p->input.value;
      c.target = TargetValue(p->judged);
      if (p->judged.limits) {  // drawn clipped: a share's band never dips below 0
        c.lower = s.format.domain().Clip(p->judged.limits->lower);
        c.upper = s.format.domain().Clip(p->judged.limits->upper);
      }
      c.signal = !p->SignalIds().empty();
    }
    if (prior_year) {
      const int32_t shift = s.grain == Grain::kMonth ? 12 : s.grain == Grain::kQuarter ? 4 : 1;
      if (const AssessedPoint* p = s.Find(time::PeriodLabel({s.grain, idx - shift})))
        c.prior = p->input.value;
    }
    out.push_back(std::move(c));
  }
  return out;
}

struct ToDateRow {
  std::string what, period, previous;
  std::optional<double> value, before;
  std::string status;
};

// "+1.2 pp (+1.5 %)": the change in the KPI's unit, and relative when it means something.
std::string Change(const actions::MeasureFormat& format, const std::optional<double>& a,
                   const std::optional<double>& b) {
  if (!a || !b) return "-";
  std::string out = format.Change(*a - *b);
  if (*b != 0) out += " (" + FormatRelativeChange(*a / *b - 1) + ")";
  return out;
}

const char* StatusClass(const std::string& s) {
  if (s == "on_track") return "ok";
  if (s == "watch") return "watch";
  if (s == "off_track") return "off";
  return "none";
}

// "Weekly review", "Monthly review", ...: a review is named after how often it is held.
std::string ReviewTitle(Grain grain) {
  switch (grain) {
    case Grain::kDay: return "Daily review";
    case Grain::kWeek: return "Weekly review";
    case Grain::kMonth: return "Monthly review";
    case Grain::kQuarter: return "Quarterly review";
    case Grain::kYear: return "Yearly review";
  }
  return "Review";
}

// KPIs in catalog order, leading indicators first: they are what can still be
// changed before the lagging results move.
std::vector<const catalog::MeasureDef*> KpisInReviewOrder(const catalog::Catalog& catalog) {
  std::vector<const catalog::MeasureDef*> kpis;
  for (const catalog::MeasureDef& m : catalog.measures) {
    if (m.is_kpi) kpis.push_back(&m);
  }
  std::stable_partition(kpis.begin(), kpis.end(),
                        [](const catalog::MeasureDef* m) { return m->type.timing == "leading"; });
  return kpis;
}

// "operational · leading · quantitative · unit: ratio · constraints: ..." — what kind
// of KPI the card is about; empty parts are left out.
std::string KpiFacts(const catalog::MeasureDef& k) {
  std::vector<std::string> parts;
  for (const std::string* t : {&k.type.horizon, &k.type.timing, &k.type.nature}) {
    if (!t->empty()) parts.push_back(*t);
  }
  if (!k.unit.empty()) parts.push_back("unit: " + k.unit);
  if (!k.constraints.empty()) parts.push_back("constraints: " + k.constraints);
  return Join(parts, " · ");
}

// A small table of the segments that need a look (segment_detail.h).
std::string SegmentTable(const std::vector<SegmentDetail>& rows, const actions::MeasureFormat& format) {
  if (rows.empty()) return "";
  std::string out =
      "<table class=\"segments\"><tr><th>segment</th><th>share of "
      "rows</th><th>value</th><th>status</th></tr>";
  for (const SegmentDetail& r : rows) {
    out += "<tr><td>" + HtmlEscape(r.segment) + "</td><td>" +
           (r.share ? FormatQuantity(*r.share, ParseUnit("ratio")) : std::string("-")) + "</td><td>" +
           format.Value(r.value) + "</td><td><span class=\"badge " + StatusClass(r.status) + "\">" +
           r.status + (r.masked ? " (masked by the total)" : "") + "</span></td></tr>";
  }
  return out + "</table>";
}

constexpr const char* kCss = R"css(
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222;background:#f6f7f9}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:24px 0 8px} h3{font-size:15px;margin:0 0 6px}
.meta{color:#666;font-size:13px;margin-bottom:16px}
.summary{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px}
.summary li{margin:2px 0}
.kpi{background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;margin:14px 0}
.charts{display:flex;flex-wrap:wrap;gap:12px}
table{border-collapse:collapse;font-size:13px;margin-top:8px} td,th{border-bottom:1px solid #eee;padding:3px 10px;text-align:right}
td:first-child,th:first-child{text-align:left}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;color:#fff}
.ok{background:#2ca02c}.watch{background:#e6a700}.off{background:#d62728}.none{background:#888}
.sig{color:#d62728;font-size:13px}
.facts{color:#666;font-size:12px;margin:0 0 6px}
)css";

}  // namespace

Result<ReviewDocument> BuildReview(actions::Assessment& assessment, actions::ActionLog& log,
                                   const ReviewOptions& options) {
  const catalog::Catalog& catalog = assessment.catalog();
  const std::vector<const catalog::MeasureDef*> kpis = KpisInReviewOrder(catalog);
  ASSIGN_OR_RETURN(const ReviewPeriod period, ChooseReviewPeriod(assessment, options.period));
  const std::string title = options.title.empty() ? ReviewTitle(period.grain) : options.title;

  ASSIGN_OR_RETURN(std::vector<actions::ActionItem> items, log.Items(false));
  const std::string today = actions::DayText(options.today);
  const ReviewItems listed = SelectReviewItems(items, period, options.today);

  std::vector<ReviewLine> off_track, signals, gaming, masked, segments, due, verdicts;
  std::string cards;
  for (const catalog::MeasureDef* k : kpis) {
    ASSIGN_OR_RETURN(const AssessedSeries* whole, assessment.Series(k->id, "*"));
    if (!whole || whole->points.empty()) continue;
    const std::string label =
        whole->all ? "all" : time::PeriodLabel(time::PeriodOfDay(period.last_day, whole->grain));
    const AssessedPoint* p = whole->Find(label);
    std::string status = p ? judge::KpiStatusName(p->judged.status) : "no_data";
    const actions::MeasureFormat& format = whole->format;
    std::string target = p && p->judged.target ? format.Target(*p->judged.target) : "-";
    if (p && p->judged.status == judge::KpiStatus::kOffTrack) {
      off_track.push_back(ReviewLine().Bold(k->id).Text(" " + label + " = " + format.Value(p->input.value) +
                                                        " (target " + target + ", owner " + k->owner + ")"));
    }
    if (p && !p->judged.signals.empty()) {
      signals.push_back(ReviewLine().Bold(k->id).Text(" " + label + ": " + p->judged.SignalIds()));
    }
    if (p) {
      for (const judge::GamingRisk& r : p->gaming)
        gaming.push_back(ReviewLine().Text(judge::DescribeGamingRisk(r) + " in " + label));
      for (const judge::MaskedSegment& m : p->masked) {
        const std::string share = FormatQuantity(m.share, ParseUnit("ratio"));
        masked.push_back(ReviewLine().Bold(k->id).Text(
            " " + label + ": " + m.segment + " (" + share + " of rows) off track at " +
            format.Value(m.value) + " while the total is on track at " + format.Value(p->input.value)));
      }
    }

    // Segments off track or masked by the total in this period.
    std::vector<SegmentDetail> problem_segments;
    if (p && !whole->all) {
      ASSIGN_OR_RETURN(problem_segments, ProblemSegments(assessment, k->id, whole->grain, *p));
    }
    for (const SegmentDetail& d : problem_segments) {
      segments.push_back(ReviewLine().Bold(k->id).Text(
          " " + label + " " + d.segment + ": " + format.Value(d.value) + ", " + d.status +
          (d.masked ? " (masked by the total)" : "") +
          (d.share ? ", " + FormatQuantity(*d.share, ParseUnit("ratio")) + " of rows" : "")));
    }

    // Charts: 6 weeks and 12 months with the prior year.
    std::string charts;
    if (!whole->all && assessment.HasValues(k->id, Grain::kWeek)) {
      ASSIGN_OR_RETURN(const AssessedSeries* weeks, assessment.Series(k->id, Grain::kWeek, "*"));
      if (weeks)
        charts +=
            LineChart(ChartOf(*weeks, period.last_day, 6, false), k->id + " — last 6 weeks", format.unit());
    }
    if (!whole->all && assessment.HasValues(k->id, Grain::kMonth)) {
      ASSIGN_OR_RETURN(const AssessedSeries* months, assessment.Series(k->id, Grain::kMonth, "*"));
      if (months) {
        charts += LineChart(ChartOf(*months, period.last_day, 12, true),
                            k->id + " — last 12 months (dashed: prior year)", format.unit());
      }
    }

    // Last period, MTD, QTD, YTD.
    std::vector<ToDateRow> rows;
    auto add_row = [&](const std::string& what, Grain g) -> Status {
      if (!assessment.HasValues(k->id, g)) return Status::Ok();
      ASSIGN_OR_RETURN(const AssessedSeries* s, assessment.Series(k->id, g, "*"));
      if (!s) return Status::Ok();
      const time::PeriodKey key = time::PeriodOfDay(period.last_day, g);
      ToDateRow r;
      r.what = what;
      r.period = time::PeriodLabel(key);
      r.previous = time::PeriodLabel(time::Shift(key, -1));
      if (const AssessedPoint* sp = s->Find(r.period)) {
        r.value = sp->input.value;
        r.status = judge::KpiStatusName(sp->judged.status);
      }
      if (const AssessedPoint* sp = s->Find(r.previous)) r.before = sp->input.value;
      rows.push_back(r);
      return Status::Ok();
    };
    if (!whole->all) {
      RETURN_IF_ERROR(add_row("Last period", whole->grain));
      if (whole->grain < Grain::kMonth) RETURN_IF_ERROR(add_row("MTD", Grain::kMonth));
      if (whole->grain < Grain::kQuarter) RETURN_IF_ERROR(add_row("QTD", Grain::kQuarter));
      if (whole->grain < Grain::kYear) RETURN_IF_ERROR(add_row("YTD", Grain::kYear));
    }
    std::string table =
        "<table><tr><th></th><th>period</th><th>value</th><th>previous</th><th>change</th><th>status</th></"
        "tr>";
    for (const ToDateRow& r : rows) {
      table += "<tr><td>" + r.what + "</td><td>" + r.period + "</td><td>" + format.Value(r.value) +
               "</td><td>" + r.previous + ": " + format.Value(r.before) + "</td><td>" +
               Change(format, r.value, r.before) + "</td><td>" + (r.status.empty() ? "-" : r.status) +
               "</td></tr>";
    }
    table += "</table>";

    cards += "<section class=\"kpi\" id=\"" + HtmlEscape(k->id) + "\"><h3>" + HtmlEscape(k->name) +
             " <small>(" + HtmlEscape(k->id) + ", owner " + HtmlEscape(k->owner) + ")</small></h3>";
    if (const std::string facts = KpiFacts(*k); !facts.empty())
      cards += "<div class=\"facts\">" + HtmlEscape(facts) + "</div>";
    cards += "<div>" + HtmlEscape(label) + ": <b>" + format.Value(p ? p->input.value : std::nullopt) +
             "</b> target " + HtmlEscape(target) + " <span class=\"badge " + StatusClass(status) + "\">" +
             status + "</span>";
    if (p && !p->SignalIds().empty())
      cards += " <span class=\"sig\">signals: " + HtmlEscape(p->SignalIds()) + "</span>";
    cards += "</div><div class=\"charts\">" + charts + "</div>" + table +
             SegmentTable(problem_segments, format) + "</section>\n";
  }

  for (const actions::ActionItem* it : listed.due) {
    due.push_back(ReviewLine().Text("#" + std::to_string(it->id) + " " + it->what + " (" + it->who +
                                    ") for " + it->kpi + " " + it->segment + " " + it->period + ", review " +
                                    it->due));
  }
  for (const actions::ActionItem* it : listed.verdicts) {
    std::string reason;
    auto d = nlohmann::json::parse(it->verdict_detail, nullptr, false);
    if (d.is_object() && d.contains("reason") && d["reason"].is_string())
      reason = ": " + d["reason"].get<std::string>();
    verdicts.push_back(ReviewLine()
                           .Text("#" + std::to_string(it->id) + " " + it->kpi + " " + it->segment + " " +
                                 it->period + " — " + it->what + " → ")
                           .Bold(it->verdict)
                           .Text(reason));
  }

  std::map<std::string, catalog::Grain> judged_grains;
  for (const catalog::MeasureDef* k : kpis) judged_grains[k->id] = assessment.DefaultGrain(*k);
  const std::vector<ReviewLine> history = HistoryLines(options.history, catalog, judged_grains, period);

  ReviewDocument doc;
  doc.period = period.label;
  std::string md = "# " + MarkdownEscape(title + " — " + period.label) + "\n\n";
  auto section = [&](const std::string& heading, const std::vector<ReviewLine>& lines) {
    md += "## " + heading + "\n\n";
    if (lines.empty()) md += "- none\n";
    for (const ReviewLine& l : lines) md += "- " + l.markdown() + "\n";
    md += "\n";
  };
  // Where the goals stand comes first: the context for everything below.
  const std::vector<std::pair<const char*, const std::vector<ReviewLine>*>> progress = {
      {"Goals", &options.goals},
      {"Objectives", &options.objectives},
      {"Forecasts to the deadlines", &options.forecasts}};
  for (const auto& [heading, lines] : progress) {
    if (!lines->empty()) section(heading, *lines);
  }
  section("Off track", off_track);
  section("Signals", signals);
  section("Gaming risks", gaming);
  section("Masked segments", masked);
  section("Segments off track", segments);
  section("Actions due", due);
  section("Verdicts", verdicts);
  section("History", history);
  doc.markdown = md;

  auto html_list = [](const std::vector<ReviewLine>& lines) {
    std::string out = "<ul>";
    if (lines.empty()) out += "<li>none</li>";
    for (const ReviewLine& l : lines) out += "<li>" + l.html() + "</li>";
    return out + "</ul>";
  };
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     HtmlEscape(title + " — " + period.label) + "</title><style>" + kCss +
                     "</style></head><body>\n";
  html += "<h1>" + HtmlEscape(title) + " — " + HtmlEscape(period.label) + "</h1>";
  html += "<div class=\"meta\">" + HtmlEscape(catalog.workspace.name) +
          " · judged against each KPI's target and "
          "natural process limits · actions due by " +
          today + "</div>\n";
  html += "<div class=\"summary\">";
  for (const auto& [heading, lines] : progress) {
    if (!lines->empty()) html += "<h2>" + std::string(heading) + "</h2>" + html_list(*lines);
  }
  html += "<h2>Off track</h2>" + html_list(off_track);
  html += "<h2>Signals</h2>" + html_list(signals);
  html += "<h2>Gaming risks</h2>" + html_list(gaming);
  html += "<h2>Masked segments</h2>" + html_list(masked);
  html += "<h2>Segments off track</h2>" + html_list(segments);
  html += "<h2>Actions due</h2>" + html_list(due);
  html += "<h2>Verdicts</h2>" + html_list(verdicts);
  html += "<h2>History</h2>" + html_list(history);
  html += "</div>\n<h2>KPIs</h2>\n" + cards + "</body></html>\n";
  doc.html = html;
  return doc;
}

}  // namespace northstar::review
