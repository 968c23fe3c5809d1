// Example quotes (SPEC §10): the free text behind a qualitative value. For one measure,
// period and segment, the rows its text functions (theme, sentiment) read, reduced to
// a few distinct comments a reader can check the number against:
// - count(C) / share(C): rows where C holds (and the aggregate's `where`, and the KPI
//   filter), the latest first — "what do the comments about billing say?";
// - avg / sum / min / max / median / percentile of a text score: the rows with the
//   lowest and with the highest score — "the week's most negative comments".
// An aggregate's `where` with a text function and no other gives its matching rows.
// References to other KPIs are followed (each with its own filter).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "common/status.h"
#include "engine/source_table.h"
#include "formula/compiler.h"
#include "time/period.h"

namespace northstar::engine {

struct Quote {
  std::string text;
  std::string time;             // the row's time, ISO 8601 in the workspace zone; empty without one
  std::optional<double> score;  // the ranked expression's value (ranked sets only)
};

struct QuoteSet {
  enum class Kind { kMatching, kLowest, kHighest };
  Kind kind = Kind::kMatching;
  std::string measure;     // whose formula holds the aggregate
  std::string source;      // the rows' source
  std::string expression;  // canonical text of the condition, or of the ranked expression
  std::string text;        // canonical text of the quoted text expression
  int64_t rows = 0;        // rows of the period and segment that match (or have a score)
  std::vector<Quote> quotes;
};

struct QuoteRequest {
  std::string measure;
  bool all = false;        // the single period of a source without time
  time::PeriodKey period;  // unless `all`
  std::string segment = "*";
  size_t limit = 3;  // distinct texts per set
};

// The sources and columns (indexes into SourceDef::columns) ExampleQuotes reads for
// `measure`; empty when its formula has no text function.
std::map<std::string, std::vector<int32_t>> QuoteColumns(const catalog::Catalog& catalog,
                                                         const formula::CompiledCatalog& compiled,
                                                         const std::string& measure);

// The quote sets of the request, in formula order. A source missing from `input` has no
// rows. Errors: NotFound for an unknown measure, decode errors of the store.
Result<std::vector<QuoteSet>> ExampleQuotes(const catalog::Catalog& catalog,
                                            const formula::CompiledCatalog& compiled,
                                            const EngineInput& input, const QuoteRequest& request);

}  // namespace northstar::engine
