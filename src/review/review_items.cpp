#include "review/review_items.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "actions/alert_run.h"
#include "actions/assessment.h"

namespace northstar::review {
namespace {

// The last day of the period that alerted; nullopt for "all" or a bad label.
std::optional<int32_t> OpenedDay(const actions::ActionItem& item) {
  auto key = actions::ParseLabel(item.period, item.grain);
  if (!key.ok() || item.period == "all") return std::nullopt;
  return time::LastDay(*key);
}

}  // namespace

std::optional<int32_t> VerdictReachedDay(const actions::ActionItem& item) {
  if (item.status != "judged") return std::nullopt;
  auto due = actions::ParseDay(item.due);
  if (!due.ok()) return std::nullopt;
  int32_t reached = *due;
  const auto detail = nlohmann::json::parse(item.verdict_detail, nullptr, false);
  if (detail.is_object() && detail.contains("opened_period") && detail.contains("window") &&
      detail["opened_period"].is_number_integer() && detail["window"].is_number_integer() &&
      item.period != "all") {
    const auto last = detail["opened_period"].get<int32_t>() + detail["window"].get<int32_t>();
    reached = std::max(reached, time::LastDay({item.grain, last}));
  }
  return reached;
}

ReviewItems SelectReviewItems(const std::vector<actions::ActionItem>& items, const ReviewPeriod& period,
                              int32_t today) {
  ReviewItems out;
  const std::string today_text = actions::DayText(today);
  for (const actions::ActionItem& it : items) {
    const std::optional<int32_t> opened = OpenedDay(it);
    if (opened && *opened > period.last_day) continue;  // opened after the review period
    const std::optional<int32_t> reached = VerdictReachedDay(it);
    if (reached && *reached >= period.first_day && *reached <= period.last_day) out.verdicts.push_back(&it);
    const bool open_at_end = it.status == "open" || (reached && *reached > period.last_day);
    if (open_at_end && it.due <= today_text) out.due.push_back(&it);
  }
  return out;
}

}  // namespace northstar::review
