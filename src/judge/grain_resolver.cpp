#include "judge/grain_resolver.h"

#include "time/period.h"

namespace northstar::judge {

PeriodResolver ResolverForGrain(catalog::Grain grain) {
  return [grain](std::string_view text) -> Result<int32_t> {
    ASSIGN_OR_RETURN(time::PeriodKey named, time::ParsePeriod(text));
    if (named.grain == grain) return named.index;
    return time::PeriodOfDay(time::FirstDay(named), grain).index;
  };
}

}  // namespace northstar::judge
