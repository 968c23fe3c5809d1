#include "server/refresh_schedule.h"

namespace northstar::server {

RefreshSchedule::RefreshSchedule(const catalog::Workspace& workspace, int64_t default_seconds,
                                 time::Micros now) {
  for (const catalog::SourceDef& source : workspace.sources) {
    const int64_t seconds = source.refresh_seconds > 0 ? source.refresh_seconds : default_seconds;
    if (seconds <= 0) continue;
    const int64_t every = seconds * time::kMicrosPerSecond;
    entries_.push_back({source.id, every, now + every});
  }
}

std::vector<std::string> RefreshSchedule::Due(time::Micros now) {
  std::vector<std::string> due;
  for (Entry& e : entries_) {
    if (e.next > now) continue;
    due.push_back(e.source);
    e.next = now + e.every_micros;
  }
  return due;
}

std::optional<time::Micros> RefreshSchedule::Next() const {
  std::optional<time::Micros> next;
  for (const Entry& e : entries_) {
    if (!next || e.next < *next) next = e.next;
  }
  return next;
}

int64_t RefreshSchedule::CadenceOf(const std::string& source) const {
  for (const Entry& e : entries_) {
    if (e.source == source) return e.every_micros / time::kMicrosPerSecond;
  }
  return 0;
}

}  // namespace northstar::server
