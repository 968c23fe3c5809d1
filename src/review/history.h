// History on view (SPEC §7): the review says when a number changed after people saw
// it (restatements: old -> new, when, why) and when a KPI's definition changed
// (definition versions with their reasons), so a series never changes meaning
// silently between two reviews.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "results/results_db.h"
#include "review/markdown_text.h"
#include "review/review_period.h"

namespace northstar::review {

struct ReviewHistory {
  std::vector<results::DefinitionVersion> versions;  // every KPI's, any order
  std::vector<results::Restatement> restatements;    // every KPI's, any order
};

inline constexpr size_t kMaxRestatementLines = 12;

// Summary lines: each definition version after the first, with its
// reason; then the restatements of whole-population values at each KPI's `grains`
// entry, restated on or after the review period's first day, newest first, at most
// kMaxRestatementLines and a line saying how many more.
std::vector<ReviewLine> HistoryLines(const ReviewHistory& history, const catalog::Catalog& catalog,
                                     const std::map<std::string, catalog::Grain>& grains,
                                     const ReviewPeriod& period);

}  // namespace northstar::review
