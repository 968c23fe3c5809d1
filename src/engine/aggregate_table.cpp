#include "engine/aggregate_table.h"

#include <algorithm>
#include <utility>

namespace northstar::engine {

uint32_t SegmentValues::Add(const std::string& label) {
  auto [it, inserted] = by_label.emplace(label, static_cast<uint32_t>(labels.size()));
  if (inserted) labels.push_back(label);
  return it->second;
}

void AggregateColumn::AddDimension(const std::string& name, std::shared_ptr<const SegmentValues> values) {
  dim_names.push_back(name);
  base.push_back(nslots);
  nslots += static_cast<uint32_t>(values->labels.size());
  dims.push_back(std::move(values));
}

void AggregateTable::SetDays(int32_t first_day, int32_t last_day) {
  has_days = true;
  min_day = first_day;
  max_day = last_day;
  for (catalog::Grain g : time::kAllGrains) {
    const auto gi = static_cast<size_t>(g);
    first_period[gi] = time::PeriodOfDay(min_day, g).index;
    period_count[gi] = time::PeriodOfDay(max_day, g).index - first_period[gi] + 1;
  }
}

double AggregateTable::At(int32_t id, const ValuePoint& point) const {
  const AggregateColumn& c = columns[static_cast<size_t>(id)];
  if (!c.present) return kNull;
  uint32_t slot = 0;
  if (point.dim != nullptr) {
    const auto k = std::find(c.dim_names.begin(), c.dim_names.end(), *point.dim) - c.dim_names.begin();
    if (static_cast<size_t>(k) == c.dim_names.size()) return kNull;  // the source lacks the dimension
    const auto& by_label = c.dims[static_cast<size_t>(k)]->by_label;
    auto it = by_label.find(*point.label);
    if (it == by_label.end()) return c.empty;  // no row has this value
    slot = c.base[static_cast<size_t>(k)] + it->second;
  }
  if (point.all || !c.per_period) return c.all.empty() ? c.empty : c.all[slot];
  const auto gi = static_cast<size_t>(point.grain);
  const std::vector<double>& vals = c.by_grain[gi];
  const int64_t offset = static_cast<int64_t>(point.index) - first_period[gi];
  if (offset < 0 || static_cast<size_t>(offset) * c.nslots + slot >= vals.size()) return c.empty;
  return vals[static_cast<size_t>(offset) * c.nslots + slot];
}

}  // namespace northstar::engine
