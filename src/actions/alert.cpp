#include "actions/alert.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "judge/target.h"

namespace northstar::actions {
namespace {

Alert BaseAlert(const AssessedSeries& series, const AssessedPoint& point, AlertKind kind) {
  const catalog::MeasureDef& m = *series.measure;
  Alert a;
  a.kind = kind;
  a.kpi = m.id;
  a.name = m.name;
  a.grain = series.grain;
  a.period = point.label;
  a.segment = series.segment;
  a.value = point.input.value;
  a.target = point.judged.target ? judge::FormatTarget(*point.judged.target) : "";
  a.period_target = point.judged.target;
  a.format = series.format;
  a.status = judge::KpiStatusName(point.judged.status);
  a.limits = point.judged.limits;
  a.owner = m.owner;
  a.actions = m.on_deviation;
  a.subject = m.id;
  return a;
}

std::string Number(const std::optional<double>& v) {
  return v ? judge::FormatNumber(*v) : "null";
}

}  // namespace

const char* AlertKindName(AlertKind kind) {
  switch (kind) {
    case AlertKind::kSignal: return "signal";
    case AlertKind::kGamingRisk: return "gaming_risk";
    case AlertKind::kMaskedSegment: return "masked_segment";
    case AlertKind::kRecovered: return "recovered";
    case AlertKind::kOffTrack: return "off_track";
  }
  return "?";
}

std::string Alert::DedupKey(const std::string& rule) const {
  return kpi + "|" + period + "|" + segment + "|" + rule;
}

std::string Alert::DeliveryKey() const {
  std::string joined;
  for (const std::string& r : rules) joined += (joined.empty() ? "" : "+") + r;
  return DedupKey(joined);
}

std::string Alert::Headline() const {
  std::string out = kind == AlertKind::kRecovered ? "[RECOVERED] " : "[ALERT] ";
  out += kpi + " " + period + " " + segment + " = " + format.Value(value);
  if (period_target) {
    out += " (target " + format.Target(*period_target) + ", " + status + ")";
  } else if (!target.empty()) {
    out += " (target " + target + ", " + status + ")";
  }
  out += ": " + (human_detail.empty() ? detail : human_detail);
  return out;
}

nlohmann::json AlertToJson(const Alert& a) {
  nlohmann::json j;
  j["kind"] = AlertKindName(a.kind);
  j["kpi"] = a.kpi;
  j["name"] = a.name;
  j["grain"] = catalog::GrainName(a.grain);
  j["period"] = a.period;
  j["segment"] = a.segment;
  j["rules"] = a.rules;
  j["value"] = a.value ? nlohmann::json(*a.value) : nlohmann::json(nullptr);
  j["target"] = a.target;
  j["status"] = a.status;
  if (a.limits) {
    j["limits"] = {{"lower", a.limits->lower}, {"center", a.limits->center}, {"upper", a.limits->upper}};
  } else {
    j["limits"] = nullptr;
  }
  j["owner"] = a.owner;
  j["detail"] = a.detail;
  nlohmann::json actions = nlohmann::json::array();
  for (const catalog::ActionDef& act : a.actions) {
    actions.push_back({{"do", act.what}, {"who", act.who}, {"review_after_days", act.review_after_days}});
  }
  j["actions"] = actions;
  j["action_items"] = a.items;
  return j;
}

std::string AlertText(const Alert& a) {
  std::string out = a.Headline() + "\n  owner: " + (a.owner.empty() ? "(none)" : a.owner);
  if (a.kind != AlertKind::kRecovered) {
    for (const catalog::ActionDef& act : a.actions) {
      out += "\n  action: " + act.what + " (who: " + act.who + ", review after " +
             std::to_string(act.review_after_days) + "d)";
    }
  }
  if (!a.items.empty()) {
    out += "\n  action items:";
    for (int64_t id : a.items) out += " #" + std::to_string(id);
  }
  return out;
}

std::string SlackEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

nlohmann::json SlackPayload(const Alert& alert) {
  return {{"text", SlackEscape(AlertText(alert))}};
}

bool BecameOffTrack(const AssessedSeries& series, size_t index) {
  const AssessedPoint& p = series.points[index];
  if (!p.input.complete() || p.judged.status != judge::KpiStatus::kOffTrack) return false;
  // Like a signal: not before the limits can be trusted, not on a handful of rows.
  if (p.judged.short_baseline || p.judged.low_volume) return false;
  // Once per episode: a KPI that was off track within the chronic-miss window (one
  // good period between misses) has not just become off track.
  for (size_t k = index; k-- > 0;) {
    const AssessedPoint& before = series.points[k];
    if (before.judged.period <= p.judged.period - judge::kChronicWindow) break;
    if (before.judged.status == judge::KpiStatus::kOffTrack) return false;
  }
  return true;
}

std::vector<Alert> AlertsAt(const AssessedSeries& series, size_t index, bool segments_too) {
  std::vector<Alert> out;
  if (!series.measure || !series.measure->is_kpi) return out;
  const AssessedPoint& p = series.points[index];
  const bool whole = series.segment == "*";
  // Limits from fewer than 8 values are not trusted to call anything a signal.
  const bool trusted = !p.judged.short_baseline;
  if (trusted && p.alerting() && (whole || segments_too)) {
    Alert a = BaseAlert(series, p, AlertKind::kSignal);
    std::string sides;
    for (const judge::Signal& s : p.judged.signals) {
      if (!s.alert) continue;
      a.rules.push_back(judge::SignalRuleId(s.rule));
      if (!sides.empty()) sides += ", ";
      sides += std::string(judge::SignalRuleId(s.rule)) + " " + judge::SideName(s.side) + " (" +
               judge::EffectName(s.effect) + ")";
    }
    a.detail = "signal: " + sides;
    a.human_detail = a.detail;
    if (p.judged.limits) {
      a.detail += "; limits " + judge::FormatNumber(p.judged.limits->lower) + " .. " +
                  judge::FormatNumber(p.judged.limits->upper) + ", center " +
                  judge::FormatNumber(p.judged.limits->center);
      a.human_detail += "; limits " + series.format.LimitRange(*p.judged.limits) + ", center " +
                        series.format.Limit(p.judged.limits->center);
    }
    out.push_back(std::move(a));
  }
  if (BecameOffTrack(series, index) && (whole || segments_too)) {
    std::string why = p.judged.chronic_miss ? "missed its target in 3 of the last 4 periods"
                                            : "the miss is beyond the tolerance";
    if (!out.empty()) {  // one alert per point: the signal alert says it too
      out.back().rules.push_back("off_track");
      out.back().detail += "; became off track (" + why + ")";
    } else {
      Alert a = BaseAlert(series, p, AlertKind::kOffTrack);
      a.rules = {"off_track"};
      a.detail = "became off track: " + why;
      out.push_back(std::move(a));
    }
  }
  if (!whole) return out;
  if (trusted && !p.gaming.empty()) {
    Alert a = BaseAlert(series, p, AlertKind::kGamingRisk);
    a.rules = {"gaming_risk"};
    a.detail = "gaming risk: ";
    for (size_t i = 0; i < p.gaming.size(); ++i) {
      if (i) a.detail += "; ";
      a.detail += judge::DescribeGamingRisk(p.gaming[i]);
    }
    a.subject = p.gaming.front().guard;
    out.push_back(std::move(a));
  }
  // A masked segment alerts when its masking starts, not every period it lasts.
  const AssessedPoint* before = index > 0 && series.points[index - 1].judged.period + 1 == p.judged.period
                                    ? &series.points[index - 1]
                                    : nullptr;
  for (const judge::MaskedSegment& m : p.masked) {
    if (before && std::any_of(before->masked.begin(), before->masked.end(),
                              [&](const judge::MaskedSegment& b) { return b.segment == m.segment; })) {
      continue;
    }
    Alert a = BaseAlert(series, p, AlertKind::kMaskedSegment);
    a.segment = m.segment;
    a.value = m.value;
    a.status = "off_track";
    a.limits.reset();
    a.rules = {"masked_segment"};
    // The same sentence with exact numbers (JSON) and with the KPI's unit (text).
    auto describe = [&](const std::string& total, const std::string& segment) {
      return "the average masks the problem: * is on track at " + total + " while " + m.segment + " (" +
             std::to_string(std::lround(m.share * 100)) + " % of rows) is off track at " + segment;
    };
    a.detail = describe(Number(p.input.value), Number(m.value));
    a.human_detail = describe(series.format.Value(p.input.value), series.format.Value(m.value));
    out.push_back(std::move(a));
  }
  return out;
}

Alert RecoveryAt(const AssessedSeries& series, size_t index) {
  Alert a = BaseAlert(series, series.points[index], AlertKind::kRecovered);
  a.rules = {"recovered"};
  a.detail = "back on track";
  return a;
}

}  // namespace northstar::actions
