#include "judge/status_row.h"

namespace northstar::judge {

StatusRow ToStatusRow(const JudgedPoint& point) {
  StatusRow row;
  if (point.value) row.value = FormatNumber(*point.value);
  if (point.target) row.target = FormatTarget(*point.target);
  row.status = KpiStatusName(point.status);
  if (point.limits) {
    row.lower_limit = FormatNumber(point.limits->lower);
    row.center = FormatNumber(point.limits->center);
    row.upper_limit = FormatNumber(point.limits->upper);
  }
  row.signals = point.SignalIds();
  return row;
}

}  // namespace northstar::judge
