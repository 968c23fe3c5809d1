#include "engine/example_quotes.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "engine/chunk_reader.h"
#include "engine/row_evaluator.h"
#include "engine/source_index.h"
#include "formula/printer.h"

namespace northstar::engine {
namespace {

using formula::Expr;
using formula::ExprKind;

bool IsTextFunction(const Expr& e) {
  return e.kind == ExprKind::kFunction &&
         (e.function == formula::Function::kTheme || e.function == formula::Function::kSentiment);
}

// The first theme()/sentiment() call in `e`, depth first; null when none.
const Expr* FirstTextFunction(const Expr& e) {
  if (IsTextFunction(e)) return &e;
  for (const auto& a : e.args) {
    if (const Expr* t = FirstTextFunction(*a)) return t;
  }
  return nullptr;
}

// One set of quotes to find: over `aggregate`'s rows (its `where`, and `filter`), the
// rows `select` holds for (kMatching) or ranks (kLowest, kHighest), quoting `text`.
struct Selector {
  QuoteSet::Kind kind = QuoteSet::Kind::kMatching;
  const catalog::MeasureDef* measure = nullptr;
  const Expr* aggregate = nullptr;
  const Expr* filter = nullptr;  // the measure's filter when the aggregate reads its own source
  const Expr* select = nullptr;
  const Expr* text = nullptr;  // the text argument of the first text function in `select`
};

void Collect(const formula::CompiledCatalog& compiled, const formula::CompiledMeasure& m, const Expr& e,
             std::set<std::string>& visited, std::vector<Selector>& out) {
  if (e.kind == ExprKind::kMeasureRef) {
    const formula::CompiledMeasure* ref = compiled.Find(e.name);
    if (ref != nullptr && ref->formula && visited.insert(e.name).second)
      Collect(compiled, *ref, *ref->formula, visited, out);
    return;
  }
  // prev(x, n) reads other periods, whose rows are not this value's.
  if (e.kind == ExprKind::kSeries && e.series == formula::Series::kPrev) return;
  if (e.kind != ExprKind::kAggregate) {
    for (const auto& a : e.args) Collect(compiled, m, *a, visited, out);
    return;
  }
  Selector s;
  s.measure = m.def;
  s.aggregate = &e;
  s.filter = e.source_id == m.def->source ? m.filter.get() : nullptr;
  const Expr* arg = e.args.empty() ? nullptr : e.args[0].get();
  const bool counts = e.aggregate == formula::Aggregate::kCount || e.aggregate == formula::Aggregate::kShare;
  const bool numeric =
      arg != nullptr && (arg->type == formula::ValueType::kInt || arg->type == formula::ValueType::kFloat);
  const bool ranks = e.aggregate != formula::Aggregate::kCountDistinct && numeric;
  if (arg != nullptr && (counts || ranks) && FirstTextFunction(*arg) != nullptr) {
    s.select = arg;
    s.text = FirstTextFunction(*arg);
    if (counts) {
      out.push_back(s);
    } else {
      s.kind = QuoteSet::Kind::kLowest;
      out.push_back(s);
      s.kind = QuoteSet::Kind::kHighest;
      out.push_back(s);
    }
  } else if (e.where && FirstTextFunction(*e.where) != nullptr) {
    s.select = e.where.get();
    s.text = FirstTextFunction(*e.where);
    out.push_back(s);
  }
}

std::vector<Selector> Selectors(const formula::CompiledCatalog& compiled, const std::string& measure) {
  std::vector<Selector> out;
  const formula::CompiledMeasure* m = compiled.Find(measure);
  if (m == nullptr || !m->formula) return out;
  std::set<std::string> visited{measure};
  Collect(compiled, *m, *m->formula, visited, out);
  // The same aggregate twice (`x / growth(x)`) is one set of quotes.
  std::set<std::string> seen;
  std::vector<Selector> distinct;
  for (const Selector& s : out) {
    const std::string key =
        s.aggregate->source_id + "\n" + (s.filter ? formula::ToCanonicalString(*s.filter) : "") + "\n" +
        formula::ToCanonicalString(*s.aggregate) + "\n" + std::to_string(static_cast<int>(s.kind));
    if (seen.insert(key).second) distinct.push_back(s);
  }
  return distinct;
}

void AddColumns(const Expr* e, std::set<int32_t>& columns) {
  if (e == nullptr) return;
  if (e->kind == ExprKind::kColumnRef) columns.insert(e->column_index);
  for (const auto& a : e->args) AddColumns(a.get(), columns);
  AddColumns(e->where.get(), columns);
}

// The `limit` distinct texts of the highest keys (later rows win ties).
class TopDistinct {
 public:
  using Key = std::tuple<double, int64_t, size_t>;  // rank, time (UTC micros), source row
  explicit TopDistinct(size_t limit) : limit_(limit) {}

  void Offer(const Key& key, std::string_view text, bool timed, std::optional<double> score) {
    const Kept kept{key, timed, score};
    auto it = kept_.find(text);
    if (it != kept_.end()) {
      if (key > it->second.key) it->second = kept;
      return;
    }
    if (limit_ == 0) return;
    if (kept_.size() == limit_) {
      auto worst = std::min_element(kept_.begin(), kept_.end(),
                                    [](const auto& a, const auto& b) { return a.second.key < b.second.key; });
      if (!(key > worst->second.key)) return;
      kept_.erase(worst);
    }
    kept_.emplace(std::string(text), kept);
  }

  // The kept quotes, highest key first.
  std::vector<Quote> Take(const time::ZoneConverter& zone) const {
    std::vector<std::pair<Key, Quote>> all;
    all.reserve(kept_.size());
    for (const auto& [text, k] : kept_) {
      all.emplace_back(k.key,
                       Quote{text, k.timed ? time::FormatIso(std::get<1>(k.key), &zone) : "", k.score});
    }
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<Quote> out;
    out.reserve(all.size());
    for (auto& [key, q] : all) out.push_back(std::move(q));
    return out;
  }

 private:
  struct Kept {
    Key key;
    bool timed = false;
    std::optional<double> score;
  };
  size_t limit_;
  std::map<std::string, Kept, std::less<>> kept_;
};

// The rows of one source a request reads: in the period (unless `all` or a snapshot
// aggregate) and in the segment.
struct RowScope {
  int32_t time_column = -1;
  int32_t dim_column = -1;  // -1 with segment `*`
  std::string dim_value;
  bool limit_days = false;
  int32_t first_day = 0, last_day = 0;

  std::vector<int32_t> Columns() const {
    std::vector<int32_t> out;
    if (time_column >= 0) out.push_back(time_column);
    if (dim_column >= 0) out.push_back(dim_column);
    return out;
  }

  // Whether row r is in the segment, labelled as the engine labels it (source_index.cpp):
  // a column absent from the stored part reads as nulls, and 0 and -0 are one value.
  bool InSegment(const store::ColumnValues* col, size_t r, const time::ZoneConverter& zone) const {
    if (col == nullptr || !col->valid[r]) return dim_value == "(null)";
    if (col->type == catalog::ColumnType::kFloat && col->floats[r] == 0)
      return dim_value == "0" || dim_value == "-0";
    return SegmentValueLabel(*col, r, zone) == dim_value;
  }

  // Rows [begin, end) of `table` in scope, as a 0/1 mask; without `by_day` any day is,
  // without `by_segment` any segment.
  void Mask(const SourceTable& table, size_t begin, size_t end, const time::ZoneConverter& zone, bool by_day,
            bool by_segment, std::vector<uint8_t>& mask) const {
    mask.assign(end - begin, 1);
    const store::ColumnValues* tcol =
        time_column >= 0 ? table.columns[static_cast<size_t>(time_column)] : nullptr;
    const store::ColumnValues* dcol =
        dim_column >= 0 ? table.columns[static_cast<size_t>(dim_column)] : nullptr;
    for (size_t r = begin; r < end; ++r) {
      uint8_t& in = mask[r - begin];
      if (by_day && limit_days) {
        if (tcol == nullptr || !tcol->valid[r]) {
          in = 0;
        } else {
          const int32_t day = time::LocalDay(tcol->ints[r], zone);
          in = day >= first_day && day <= last_day;
        }
      }
      if (in && by_segment && dim_column >= 0) in = InSegment(dcol, r, zone);
    }
  }
};

}  // namespace

std::map<std::string, std::vector<int32_t>> QuoteColumns(const catalog::Catalog& catalog,
                                                         const formula::CompiledCatalog& compiled,
                                                         const std::string& measure) {
  std::map<std::string, std::set<int32_t>> columns;
  for (const Selector& s : Selectors(compiled, measure)) {
    std::set<int32_t>& c = columns[s.aggregate->source_id];
    AddColumns(s.filter, c);
    AddColumns(s.aggregate, c);
    const catalog::SourceDef* def = catalog.workspace.FindSource(s.aggregate->source_id);
    if (def == nullptr) continue;
    if (const catalog::ColumnDef* t = def->time.empty() ? nullptr : def->FindColumn(def->time))
      c.insert(static_cast<int32_t>(t - def->columns.data()));
    for (const std::string& dim : s.measure->segments) {
      if (const catalog::ColumnDef* col = def->FindColumn(dim))
        c.insert(static_cast<int32_t>(col - def->columns.data()));
    }
  }
  std::map<std::string, std::vector<int32_t>> out;
  for (const auto& [source, c] : columns) out[source] = {c.begin(), c.end()};
  return out;
}

Result<std::vector<QuoteSet>> ExampleQuotes(const catalog::Catalog& catalog,
                                            const formula::CompiledCatalog& compiled,
                                            const EngineInput& input, const QuoteRequest& request) {
  if (compiled.Find(request.measure) == nullptr)
    return Status::NotFound("no KPI or metric '" + request.measure + "'");
  ASSIGN_OR_RETURN(auto zone, time::ZoneConverter::Create(catalog.workspace.timezone));
  ASSIGN_OR_RETURN(const CalendarSet calendars, BuildCalendars(catalog.workspace));
  const ThemeSet themes = BuildThemes(catalog.workspace);
  const std::vector<Selector> selectors = Selectors(compiled, request.measure);
  const auto columns = QuoteColumns(catalog, compiled, request.measure);

  std::vector<QuoteSet> out(selectors.size());
  std::vector<TopDistinct> tops;
  tops.reserve(selectors.size());
  for (const Selector& s : selectors)  // the highest keep more: the lowest may take some
    tops.emplace_back(s.kind == QuoteSet::Kind::kHighest ? 2 * request.limit : request.limit);
  for (size_t i = 0; i < selectors.size(); ++i) {
    const Selector& s = selectors[i];
    out[i].kind = s.kind;
    out[i].measure = s.measure->id;
    out[i].source = s.aggregate->source_id;
    out[i].expression = formula::ToCanonicalString(*s.select);
    out[i].text = formula::ToCanonicalString(*s.text->args[0]);
  }
  const bool segmented = request.segment != "*";
  const size_t eq = request.segment.find('=');
  for (const auto& [source_id, cols] : columns) {
    const std::string& source = source_id;  // a lambda below reads it (C++17 cannot capture a binding)
    const catalog::SourceDef* def = catalog.workspace.FindSource(source);
    auto found = input.sources.find(source);
    if (def == nullptr || found == input.sources.end()) continue;
    const SourceTable& table = found->second;
    RowScope scope;
    if (const catalog::ColumnDef* t = def->time.empty() ? nullptr : def->FindColumn(def->time))
      scope.time_column = static_cast<int32_t>(t - def->columns.data());
    if (segmented) {
      const catalog::ColumnDef* dim = def->FindColumn(request.segment.substr(0, eq));
      if (dim == nullptr) continue;  // the aggregate is null in this segment: no rows
      scope.dim_column = static_cast<int32_t>(dim - def->columns.data());
      scope.dim_value = eq == std::string::npos ? "" : request.segment.substr(eq + 1);
    }
    scope.limit_days = !request.all && !def->time.empty();
    if (scope.limit_days) {
      scope.first_day = time::FirstDay(request.period);
      scope.last_day = time::LastDay(request.period);
    }
    bool any_snapshot = false;
    for (const Selector& s : selectors)
      any_snapshot |= s.aggregate->source_id == source && s.aggregate->snapshot;

    // Pass 1, on the time column only: the source rows of the period (contiguous runs
    // when rows arrive in time order), so that pass 2 decodes the other columns of the
    // parts holding them alone.
    std::vector<std::pair<size_t, size_t>> runs;
    std::vector<uint8_t> mask;
    if (!scope.limit_days || any_snapshot || scope.time_column < 0) {
      if (table.rows > 0) runs.emplace_back(0, table.rows);
    } else {
      RETURN_IF_ERROR(ReadChunks(table, PlanChunks(table, nullptr, 1), {scope.time_column},
                                 [&](const Chunk& chunk, int, const std::shared_ptr<const DecodedPart>&) {
                                   scope.Mask(*chunk.table, chunk.begin, chunk.end, zone, !any_snapshot,
                                              false, mask);
                                   for (size_t r = chunk.begin; r < chunk.end; ++r) {
                                     if (!mask[r - chunk.begin]) continue;
                                     const size_t row = chunk.offset + r;
                                     if (!runs.empty() && runs.back().second == row) {
                                       ++runs.back().second;
                                     } else {
                                       runs.emplace_back(row, row + 1);
                                     }
                                   }
                                 }));
    }
    if (runs.empty()) continue;
    std::vector<int32_t> read = cols;
    for (int32_t c : scope.Columns()) {
      if (std::find(read.begin(), read.end(), c) == read.end()) read.push_back(c);
    }

    // Pass 2: per quote set, the rows its aggregate reads that it selects, in batches
    // of rows as the engine evaluates them.
    constexpr size_t kBatch = 1024;
    std::vector<uint8_t> keep, holds;
    RETURN_IF_ERROR(ReadChunks(
        table, PlanChunks(table, &runs, 1), read,
        [&](const Chunk& chunk, int, const std::shared_ptr<const DecodedPart>&) {
          RowEvaluator ev(RowContext{chunk.table, &zone, &calendars, &themes});
          if (!request.all)
            ev.SetPeriod(time::PeriodStart(request.period, zone), time::PeriodEnd(request.period, zone));
          const store::ColumnValues* tcol =
              scope.time_column >= 0 ? chunk.table->columns[static_cast<size_t>(scope.time_column)] : nullptr;
          for (size_t begin = chunk.begin; begin < chunk.end; begin += kBatch) {
            const size_t n = std::min(kBatch, chunk.end - begin);
            for (size_t i = 0; i < selectors.size(); ++i) {
              const Selector& s = selectors[i];
              if (s.aggregate->source_id != source) continue;
              scope.Mask(*chunk.table, begin, begin + n, zone, !s.aggregate->snapshot, true, keep);
              holds.resize(n);
              for (const Expr* cond :
                   std::initializer_list<const Expr*>{s.filter, s.aggregate->where.get()}) {
                if (cond == nullptr) continue;
                TrueMask(ev.Evaluate(*cond, begin, n), holds.data());
                for (size_t r = 0; r < n; ++r) keep[r] &= holds[r];
              }
              const Vector& selected = ev.Evaluate(*s.select, begin, n);
              if (s.kind == QuoteSet::Kind::kMatching) TrueMask(selected, holds.data());
              const Vector& text = ev.Evaluate(*s.text->args[0], begin, n);
              for (size_t r = 0; r < n; ++r) {
                const bool chosen =
                    s.kind == QuoteSet::Kind::kMatching ? holds[r] != 0 : selected.valid[r] != 0;
                if (!keep[r] || !chosen) continue;
                ++out[i].rows;
                if (!text.valid[r]) continue;
                const size_t row = begin + r;
                const bool timed = tcol != nullptr && tcol->valid[row];
                const int64_t at = timed ? tcol->ints[row] : 0;
                std::optional<double> score;
                double rank = 0;
                if (s.kind != QuoteSet::Kind::kMatching) {
                  score = selected.Number(r);
                  rank = s.kind == QuoteSet::Kind::kHighest ? *score : -*score;
                }
                tops[i].Offer({rank, at, chunk.offset + row}, text.strings[r], timed, score);
              }
            }
          }
        }));
  }
  for (size_t i = 0; i < out.size(); ++i) out[i].quotes = tops[i].Take(zone);
  // The highest leave out what the lowest show (a small period has few distinct texts).
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].kind != QuoteSet::Kind::kHighest || out[i - 1].kind != QuoteSet::Kind::kLowest) continue;
    std::vector<Quote>& high = out[i].quotes;
    std::erase_if(high, [&](const Quote& q) {
      return std::any_of(out[i - 1].quotes.begin(), out[i - 1].quotes.end(),
                         [&](const Quote& low) { return low.text == q.text; });
    });
    if (high.size() > request.limit) high.resize(request.limit);
  }
  return out;
}

}  // namespace northstar::engine
