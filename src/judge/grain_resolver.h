// The period resolver for a series of one grain, built on the time module's labels.
//
// Maps any period label ("2026-03-05", "2026-W10", "2026-03", "2026-Q1", "2026") to
// the index (time::PeriodKey::index) of the period of `grain` that contains the first
// day of the named period. So a date names the period it falls in, a label of the
// series' own grain names itself, and a coarser label ("2026-Q2" for a weekly series)
// names the period holding its first day (the ISO week of April 1st). Texts that are
// no period label are an InvalidArgument from time::ParsePeriod.
#pragma once

#include "catalog/model.h"
#include "judge/period_resolver.h"

namespace northstar::judge {

PeriodResolver ResolverForGrain(catalog::Grain grain);

}  // namespace northstar::judge
