#include "review/review.h"

#include <algorithm>
#include <cstdio>

#include "actions/alert_run.h"
#include "actions/text_format.h"
#include "judge/target.h"
#include "review/markdown_text.h"
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

// The last day of the review period: the anchor every grain is read at.
struct Anchor {
  int32_t day = 0;
  std::string label;
};

std::vector<ChartPoint> ChartOf(const AssessedSeries& s, int32_t anchor_day, int count, bool prior_year) {
  std::vector<ChartPoint> out;
  const int32_t last = time::PeriodOfDay(anchor_day, s.grain).index;
  for (int32_t idx = last - count + 1; idx <= last; ++idx) {
    ChartPoint c;
    c.label = time::PeriodLabel({s.grain, idx});
    if (const AssessedPoint* p = s.Find(c.label)) {
      c.value = p->input.value;
      c.target = TargetValue(p->judged);
      if (p->judged.limits) {
        c.lower = p->judged.limits->lower;
        c.upper = p->judged.limits->upper;
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

std::string Change(const std::optional<double>& a, const std::optional<double>& b) {
  if (!a || !b) return "-";
  char buf[48];
  if (*b != 0)
    std::snprintf(buf, sizeof buf, "%+.4g (%+.1f %%)", *a - *b, (*a / *b - 1) * 100);
  else
    std::snprintf(buf, sizeof buf, "%+.4g", *a - *b);
  return buf;
}

const char* StatusClass(const std::string& s) {
  if (s == "on_track") return "ok";
  if (s == "watch") return "watch";
  if (s == "off_track") return "off";
  return "none";
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
)css";

}  // namespace

Result<ReviewDocument> BuildReview(actions::Assessment& assessment, actions::ActionLog& log,
                                   const ReviewOptions& options) {
  const catalog::Catalog& catalog = assessment.catalog();
  std::vector<const catalog::MeasureDef*> kpis;
  for (const catalog::MeasureDef& m : catalog.measures) {
    if (m.is_kpi) kpis.push_back(&m);
  }

  // The anchor day: the last day of --period, else of the latest period of any KPI.
  Anchor anchor;
  if (!options.period.empty()) {
    ASSIGN_OR_RETURN(time::PeriodKey key, time::ParsePeriod(options.period));
    anchor.day = time::LastDay(key);
    anchor.label = options.period;
  } else {
    bool any = false;
    for (const catalog::MeasureDef* k : kpis) {
      ASSIGN_OR_RETURN(const AssessedSeries* s, assessment.Series(k->id, "*"));
      if (!s || s->all || s->points.empty()) continue;
      const int32_t day = time::LastDay({s->grain, s->points.back().judged.period});
      if (!any || day > anchor.day) {
        anchor.day = day;
        anchor.label = s->points.back().label;
      }
      any = true;
    }
    if (!any) return Status::NotFound("no KPI values to review: run `northstar compute` first");
  }

  ASSIGN_OR_RETURN(std::vector<actions::ActionItem> items, log.Items(false));
  const std::string today = actions::DayText(options.today);

  std::vector<ReviewLine> off_track, signals, gaming, masked, due, verdicts;
  std::string cards;
  for (const catalog::MeasureDef* k : kpis) {
    ASSIGN_OR_RETURN(const AssessedSeries* whole, assessment.Series(k->id, "*"));
    if (!whole || whole->points.empty()) continue;
    const std::string label =
        whole->all ? "all" : time::PeriodLabel(time::PeriodOfDay(anchor.day, whole->grain));
    const AssessedPoint* p = whole->Find(label);
    std::string status = p ? judge::KpiStatusName(p->judged.status) : "no_data";
    std::string target = p && p->judged.target ? judge::FormatTarget(*p->judged.target) : "-";
    if (p && p->judged.status == judge::KpiStatus::kOffTrack) {
      off_track.push_back(ReviewLine().Bold(k->id).Text(" " + label + " = " +
                                                        actions::Readable(p->input.value) + " (target " +
                                                        target + ", owner " + k->owner + ")"));
    }
    if (p && !p->judged.signals.empty()) {
      signals.push_back(ReviewLine().Bold(k->id).Text(" " + label + ": " + p->judged.SignalIds()));
    }
    if (p) {
      for (const judge::GamingRisk& r : p->gaming)
        gaming.push_back(ReviewLine().Text(judge::DescribeGamingRisk(r) + " in " + label));
      for (const judge::MaskedSegment& m : p->masked) {
        char share[16];
        std::snprintf(share, sizeof share, "%.0f %%", m.share * 100);
        masked.push_back(ReviewLine().Bold(k->id).Text(
            " " + label + ": " + m.segment + " (" + share + " of rows) off track at " +
            actions::Readable(m.value) + " while the total is on track at " +
            actions::Readable(p->input.value)));
      }
    }

    // Charts: 6 weeks and 12 months with the prior year.
    std::string charts;
    if (!whole->all && assessment.HasValues(k->id, Grain::kWeek)) {
      ASSIGN_OR_RETURN(const AssessedSeries* weeks, assessment.Series(k->id, Grain::kWeek, "*"));
      if (weeks) charts += LineChart(ChartOf(*weeks, anchor.day, 6, false), k->id + " — last 6 weeks");
    }
    if (!whole->all && assessment.HasValues(k->id, Grain::kMonth)) {
      ASSIGN_OR_RETURN(const AssessedSeries* months, assessment.Series(k->id, Grain::kMonth, "*"));
      if (months) {
        charts += LineChart(ChartOf(*months, anchor.day, 12, true),
                            k->id + " — last 12 months (dashed: prior year)");
      }
    }

    // Last period, MTD, QTD, YTD.
    std::vector<ToDateRow> rows;
    auto add_row = [&](const std::string& what, Grain g) -> Status {
      if (!assessment.HasValues(k->id, g)) return Status::Ok();
      ASSIGN_OR_RETURN(const AssessedSeries* s, assessment.Series(k->id, g, "*"));
      if (!s) return Status::Ok();
      const time::PeriodKey key = time::PeriodOfDay(anchor.day, g);
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
      table += "<tr><td>" + r.what + "</td><td>" + r.period + "</td><td>" + actions::Readable(r.value) +
               "</td><td>" + r.previous + ": " + actions::Readable(r.before) + "</td><td>" +
               Change(r.value, r.before) + "</td><td>" + (r.status.empty() ? "-" : r.status) + "</td></tr>";
    }
    table += "</table>";

    cards += "<section class=\"kpi\" id=\"" + HtmlEscape(k->id) + "\"><h3>" + HtmlEscape(k->name) +
             " <small>(" + HtmlEscape(k->id) + ", owner " + HtmlEscape(k->owner) + ")</small></h3>";
    cards += "<div>" + HtmlEscape(label) + ": <b>" + actions::Readable(p ? p->input.value : std::nullopt) +
             "</b> target " + HtmlEscape(target) + " <span class=\"badge " + StatusClass(status) + "\">" +
             status + "</span>";
    if (p && !p->SignalIds().empty())
      cards += " <span class=\"sig\">signals: " + HtmlEscape(p->SignalIds()) + "</span>";
    cards += "</div><div class=\"charts\">" + charts + "</div>" + table + "</section>\n";
  }

  for (const actions::ActionItem& it : items) {
    if (it.status == "open" && it.due <= today) {
      due.push_back(ReviewLine().Text("#" + std::to_string(it.id) + " " + it.what + " (" + it.who + ") for " +
                                      it.kpi + " " + it.segment + " " + it.period + ", review " + it.due));
    }
    if (it.status == "judged") {
      std::string reason;
      auto d = nlohmann::json::parse(it.verdict_detail, nullptr, false);
      if (d.is_object() && d.contains("reason") && d["reason"].is_string())
        reason = ": " + d["reason"].get<std::string>();
      verdicts.push_back(ReviewLine()
                             .Text("#" + std::to_string(it.id) + " " + it.kpi + " " + it.segment + " " +
                                   it.period + " — " + it.what + " → ")
                             .Bold(it.verdict)
                             .Text(reason));
    }
  }

  ReviewDocument doc;
  doc.period = anchor.label;
  std::string md = "# " + MarkdownEscape(options.title + " — " + anchor.label) + "\n\n";
  auto section = [&](const std::string& title, const std::vector<ReviewLine>& lines) {
    md += "## " + title + "\n\n";
    if (lines.empty()) md += "- none\n";
    for (const ReviewLine& l : lines) md += "- " + l.markdown() + "\n";
    md += "\n";
  };
  section("Off track", off_track);
  section("Signals", signals);
  section("Gaming risks", gaming);
  section("Masked segments", masked);
  section("Actions due", due);
  section("Verdicts", verdicts);
  doc.markdown = md;

  auto html_list = [](const std::vector<ReviewLine>& lines) {
    std::string out = "<ul>";
    if (lines.empty()) out += "<li>none</li>";
    for (const ReviewLine& l : lines) out += "<li>" + l.html() + "</li>";
    return out + "</ul>";
  };
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                     HtmlEscape(options.title + " — " + anchor.label) + "</title><style>" + kCss +
                     "</style></head><body>\n";
  html += "<h1>" + HtmlEscape(options.title) + " — " + HtmlEscape(anchor.label) + "</h1>";
  html += "<div class=\"meta\">" + HtmlEscape(catalog.workspace.name) +
          " · judged against each KPI's target and "
          "natural process limits · actions due by " +
          today + "</div>\n";
  html += "<div class=\"summary\">";
  html += "<h2>Off track</h2>" + html_list(off_track);
  html += "<h2>Signals</h2>" + html_list(signals);
  html += "<h2>Gaming risks</h2>" + html_list(gaming);
  html += "<h2>Masked segments</h2>" + html_list(masked);
  html += "<h2>Actions due</h2>" + html_list(due);
  html += "<h2>Verdicts</h2>" + html_list(verdicts);
  html += "</div>\n<h2>KPIs</h2>\n" + cards + "</body></html>\n";
  doc.html = html;
  return doc;
}

}  // namespace northstar::review
