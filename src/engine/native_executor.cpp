#include "engine/native_executor.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "common/parallel.h"
#include "engine/accumulator.h"
#include "engine/chunk_reader.h"
#include "engine/holistic.h"
#include "engine/refresh_window.h"
#include "engine/row_evaluator.h"
#include "engine/source_index.h"

namespace northstar::engine {
namespace {

using formula::Aggregate;
using formula::Expr;
using formula::ExprKind;
using formula::Op;

constexpr size_t kBatch = 1024;
constexpr int kGrains = 5;

inline int GrainIndex(catalog::Grain g) {
  return static_cast<int>(g);
}
inline bool IsNull(double v) {
  return std::isnan(v);
}

// The day range every timed source shares, and its periods per grain.
struct Grid {
  bool has_days = false;
  int32_t min_day = 0, max_day = 0;
  int32_t ndays = 0;
  std::array<int32_t, kGrains> first{}, count{};
};

// Slot layout of one scan: slot 0 is `*`, dimension k's codes start at base[k].
struct ScanLayout {
  std::vector<std::string> dim_names;
  std::vector<const SegmentIndex*> dims;
  std::vector<uint32_t> base;
  uint32_t nslots = 1;
};

// The finished values of one aggregate.
struct AggregateValues {
  const ScanLayout* layout = nullptr;
  bool per_period = false;                            // false: only `all`
  std::array<std::vector<double>, kGrains> by_grain;  // [period offset * nslots + slot]
  std::vector<double> all;                            // [slot]
  double empty = kNull;                               // value of a group without rows
};

// The distinct strings of one column across the parts of a streamed source (each part
// has its own dictionary): count_distinct counts these codes.
class DictionaryUnion {
 public:
  // Codes of `dictionary`'s entries in the union.
  std::vector<uint32_t> Remap(const std::vector<std::string>& dictionary) {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<uint32_t> out(dictionary.size());
    for (size_t k = 0; k < dictionary.size(); ++k) {
      out[k] = codes_.try_emplace(dictionary[k], static_cast<uint32_t>(codes_.size())).first->second;
    }
    return out;
  }
  size_t size() const { return codes_.size(); }

 private:
  std::mutex mu_;
  std::unordered_map<std::string, uint32_t> codes_;
};

// How one holistic aggregate of a scan reads its argument.
struct HolisticInput {
  HolisticSpec spec;
  int32_t code_column = -1;               // count_distinct of a string column: read its codes
  std::shared_ptr<DictionaryUnion> dict;  // ... numbered in this union
};

struct GroupState {
  std::vector<std::vector<Accumulator>> accs;  // per aggregate of the scan, per group
  // Per aggregate of the scan (holistic ones fill it), per day group: the entries of
  // the rows of that day, so a period's entries are those of its days.
  std::vector<std::vector<HolisticRows>> holistic;

  void Init(const ScanPlan& scan, const Plan& plan, size_t day_groups, size_t nslots) {
    accs.assign(scan.aggregates.size(), std::vector<Accumulator>(day_groups * nslots));
    holistic.assign(scan.aggregates.size(), {});
    for (size_t a = 0; a < scan.aggregates.size(); ++a) {
      if (IsHolistic(plan.aggregates[scan.aggregates[a]].expr->aggregate)) holistic[a].resize(day_groups);
    }
  }
  // Room for rows[d] entries of day group d in each holistic aggregate's lists. Only
  // the memory entries are written to is ever touched, so generous room costs little.
  void Reserve(const ScanPlan& scan, const Plan& plan, const std::vector<size_t>& rows) {
    for (size_t a = 0; a < scan.aggregates.size(); ++a) {
      const Aggregate kind = plan.aggregates[scan.aggregates[a]].expr->aggregate;
      if (!IsHolistic(kind)) continue;
      for (size_t d = 0; d < rows.size() && d < holistic[a].size(); ++d) {
        HolisticRows& h = holistic[a][d];
        h.rows.reserve(rows[d]);
        if (kind == Aggregate::kCountDistinct) {
          h.keys.reserve(rows[d]);
        } else {
          h.numbers.reserve(rows[d]);
        }
      }
    }
  }
  // Merges `o`'s accumulators; holistic entries stay with each thread's state (they
  // are finalized piece by piece).
  void MergeAccumulators(const GroupState& o) {
    for (size_t a = 0; a < accs.size(); ++a) {
      for (size_t g = 0; g < accs[a].size(); ++g) accs[a][g].Merge(o.accs[a][g]);
    }
  }
};

// The `*` slot of consecutive rows is usually one group (rows come in time order, a
// whole day after another): Accumulate adds such a run up in locals and merges it into
// the group when the group changes, instead of updating the group in memory right
// after the row before did.
constexpr uint32_t kNoGroup = UINT32_MAX;

// Accumulates rows [begin, end) of a scan into `st`. Row r goes to groups
// day_group(r) * nslots + slot for slot `*` and each dimension's code.
// Holistic aggregates add one entry per row (HolisticRows), whatever the groups.
template <typename DayGroup>
void Accumulate(RowEvaluator& ev, const ScanPlan& scan, const Plan& plan, const ScanLayout& layout,
                const std::vector<HolisticInput>& holistic, DayGroup day_group, const Chunk& chunk,
                GroupState& st) {
  const size_t begin = chunk.begin, end = chunk.end, offset = chunk.offset;
  const size_t ns = 1 + layout.dims.size();
  std::vector<uint32_t> slots(kBatch * ns);
  std::vector<uint8_t> fmask(kBatch), mask(kBatch), cmask(kBatch);
  std::vector<std::vector<uint32_t>> code_remap(holistic.size());  // dictionary code -> union code
  for (size_t a = 0; a < holistic.size(); ++a) {
    if (holistic[a].code_column < 0) continue;
    const store::ColumnValues* col = chunk.table->columns[holistic[a].code_column];
    if (col != nullptr) code_remap[a] = holistic[a].dict->Remap(col->dictionary);
  }
  for (size_t b = begin; b < end; b += kBatch) {
    const size_t n = std::min(kBatch, end - b);
    if (scan.filter != nullptr) {
      TrueMask(ev.Evaluate(*scan.filter, b, n), fmask.data());
    } else {
      std::fill_n(fmask.begin(), n, 1);
    }
    for (size_t i = 0; i < n; ++i) {
      const size_t row = offset + b + i;  // the source's row
      const uint32_t g = static_cast<uint32_t>(day_group(row)) * layout.nslots;
      slots[i * ns] = g;
      for (size_t k = 0; k < layout.dims.size(); ++k) {
        slots[i * ns + 1 + k] = g + layout.base[k] + layout.dims[k]->row_code[row];
      }
    }
    for (size_t a = 0; a < scan.aggregates.size(); ++a) {
      const Expr& e = *plan.aggregates[scan.aggregates[a]].expr;
      if (e.where) {
        TrueMask(ev.Evaluate(*e.where, b, n), mask.data());
        for (size_t i = 0; i < n; ++i) mask[i] &= fmask[i];
      } else {
        std::copy_n(fmask.begin(), n, mask.begin());
      }
      Accumulator* acc = st.accs[a].data();
      switch (e.aggregate) {
        case Aggregate::kCount:
        case Aggregate::kShare: {
          if (e.args.empty()) {
            std::fill_n(cmask.begin(), n, 1);
          } else {
            TrueMask(ev.Evaluate(*e.args[0], b, n), cmask.data());
          }
          int64_t run_rows = 0, run_hits = 0;  // of group `run`, the `*` slot of the rows before
          uint32_t run = kNoGroup;
          for (size_t i = 0; i < n; ++i) {
            if (!mask[i]) continue;
            if (slots[i * ns] != run) {
              if (run != kNoGroup) acc[run].rows += run_rows, acc[run].hits += run_hits;
              run = slots[i * ns], run_rows = 0, run_hits = 0;
            }
            run_rows++;
            run_hits += cmask[i];
            for (size_t k = 1; k < ns; ++k) {
              Accumulator& x = acc[slots[i * ns + k]];
              x.rows++;
              x.hits += cmask[i];
            }
          }
          if (run != kNoGroup) acc[run].rows += run_rows, acc[run].hits += run_hits;
          break;
        }
        case Aggregate::kSum:
        case Aggregate::kAvg:
        case Aggregate::kMin:
        case Aggregate::kMax: {
          const Vector& v = ev.Evaluate(*e.args[0], b, n);
          const bool is_float = v.type == formula::ValueType::kFloat;
          const bool is_null = v.type == formula::ValueType::kNull;
          auto add = [&](Accumulator& x, size_t i, bool valid, double d) {
            x.rows++;
            if (!valid) return;
            x.hits++;
            if (is_float) {
              x.AddFloat(d);
            } else if (__builtin_add_overflow(x.isum, v.ints[i], &x.isum)) {
              x.overflow = true;
            }
            if (d < x.min) x.min = d;
            if (d > x.max) x.max = d;
          };
          Accumulator run_acc;  // of group `run`, the `*` slot of the rows before
          uint32_t run = kNoGroup;
          for (size_t i = 0; i < n; ++i) {
            if (!mask[i]) continue;
            const bool valid = !is_null && v.valid[i];
            const double d = valid ? v.Number(i) : 0;
            if (slots[i * ns] != run) {
              if (run != kNoGroup) acc[run].Merge(run_acc);
              run = slots[i * ns], run_acc = Accumulator{};
            }
            add(run_acc, i, valid, d);
            for (size_t k = 1; k < ns; ++k) add(acc[slots[i * ns + k]], i, valid, d);
          }
          if (run != kNoGroup) acc[run].Merge(run_acc);
          break;
        }
        case Aggregate::kCountDistinct:
        case Aggregate::kMedian:
        case Aggregate::kPercentile: {
          std::vector<HolisticRows>& by_day = st.holistic[a];
          if (holistic[a].code_column >= 0) {  // count_distinct(string column): its codes
            const store::ColumnValues* col = chunk.table->columns[holistic[a].code_column];
            if (col == nullptr) break;  // the column is absent: all null
            for (size_t i = 0; i < n; ++i) {
              if (!mask[i] || !col->valid[b + i]) continue;
              HolisticRows& h = by_day[slots[i * ns] / layout.nslots];
              h.rows.push_back(static_cast<uint32_t>(offset + b + i));
              h.keys.push_back(code_remap[a][col->codes[b + i]]);
            }
            break;
          }
          const Vector& v = ev.Evaluate(*e.args[0], b, n);
          if (v.type == formula::ValueType::kNull) break;
          const bool distinct = e.aggregate == Aggregate::kCountDistinct;
          for (size_t i = 0; i < n; ++i) {
            if (!mask[i] || !v.valid[i]) continue;
            HolisticRows& h = by_day[slots[i * ns] / layout.nslots];
            h.rows.push_back(static_cast<uint32_t>(offset + b + i));
            if (!distinct) {
              h.numbers.push_back(v.Number(i));
            } else if (v.type == formula::ValueType::kString) {
              h.strings.push_back(v.strings[i]);
            } else if (v.type == formula::ValueType::kFloat) {
              h.keys.push_back(FloatKey(v.floats[i]));
            } else {
              h.keys.push_back(static_cast<uint64_t>(v.ints[i]));
            }
          }
          break;
        }
        case Aggregate::kNone: break;
      }
    }
  }
}

// The scans of one plan over one input, and the aggregate table they fill.
class NativeScans {
 public:
  NativeScans(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled, const Plan& plan,
              const EngineInput& input, const ComputeOptions& options)
      : catalog_(catalog), compiled_(compiled), plan_(plan), input_(input), options_(options) {}

  Result<AggregateTable> Run() {
    ASSIGN_OR_RETURN(zone_, time::ZoneConverter::Create(catalog_.workspace.timezone));
    ASSIGN_OR_RETURN(calendars_, BuildCalendars(catalog_.workspace));
    themes_ = BuildThemes(catalog_.workspace);
    RETURN_IF_ERROR(IndexSources());
    if (options_.refresh) {
      if (!TakeShape(options_.refresh->shape)) {
        AggregateTable table;
        table.refresh_needs_full = true;
        return table;
      }
    } else if (options_.shape != nullptr) {
      *options_.shape = ShapeOf();
    }
    BuildGrid();
    if (options_.refresh && grid_.has_days) {
      window_.active = true;
      window_.plan = PlanRefreshWindow(grid_.min_day, grid_.max_day, options_.refresh->days,
                                       SeriesReach(plan_, compiled_), options_.grains);
      for (const auto& [id, src] : sources_) {
        if (src.timed) window_.runs[id] = WindowRuns(src);
      }
    }
    for (const auto& m : plan_.measures) {
      const catalog::SourceDef* own = catalog_.workspace.FindSource(m.measure->def->source);
      untimed_measures_ = untimed_measures_ || (own != nullptr && own->time.empty());
    }
    values_.resize(plan_.aggregates.size());
    layouts_.reserve(plan_.scans.size());
    // Row scans of one source share one pass over its rows; snapshot scans read all
    // rows once per period.
    std::map<std::string, std::vector<std::pair<const ScanPlan*, const ScanLayout*>>> row_scans;
    for (const auto& scan : plan_.scans) {
      const ScanLayout* layout = PrepareScan(scan);
      if (layout == nullptr) continue;
      if (scan.snapshot) {
        RETURN_IF_ERROR(RunSnapshotScan(scan, sources_.at(scan.source_id), *layout));
      } else {
        row_scans[scan.source_id].emplace_back(&scan, layout);
      }
    }
    for (const auto& [id, scans] : row_scans) RETURN_IF_ERROR(RunRowScans(sources_.at(id), scans));
    return TakeTable();
  }

 private:
  Status IndexSources() {
    for (const auto& [id, dims] : SegmentDims(plan_, catalog_.workspace)) {
      const catalog::SourceDef* def = catalog_.workspace.FindSource(id);
      auto it = input_.sources.find(id);
      const SourceTable* table = it == input_.sources.end() ? nullptr : &it->second;
      ASSIGN_OR_RETURN(SourceIndex idx, BuildSourceIndex(*def, table, dims, zone_.value(), options_.threads));
      sources_.emplace(id, std::move(idx));
    }
    return Status::Ok();
  }

  // The shape of the rows read (a full compute reads them all).
  DataShape ShapeOf() const {
    DataShape shape;
    for (const auto& [id, src] : sources_) {
      SourceShape& s = shape.sources[id];
      s.timed = src.timed;
      if (src.timed && src.has_days) {
        for (size_t i = 0; i < src.rows_per_day.size(); ++i) {
          if (src.rows_per_day[i] != 0)
            s.day_rows[src.counted_from + static_cast<int32_t>(i)] = src.rows_per_day[i];
        }
      }
      for (const auto& [dim, seg] : src.dims) {
        auto& labels = s.label_rows[dim];
        for (size_t c = 0; c < seg.labels.size(); ++c) labels[seg.labels[c]] = seg.rows_per_code[c];
      }
    }
    return shape;
  }

  // A refresh reads only part of the rows: the day ranges and segment values come
  // from `shape`, the shape of all of them. False when a row read has a segment value
  // the shape lacks.
  bool TakeShape(const DataShape& shape) {
    for (auto& [id, src] : sources_) {
      auto it = shape.sources.find(id);
      if (it == shape.sources.end()) return false;
      const SourceShape& s = it->second;
      if (src.timed) {
        src.has_days = s.has_days();
        if (src.has_days) src.min_day = s.min_day(), src.max_day = s.max_day();
      }
      for (auto& [dim, seg] : src.dims) {
        auto lit = s.label_rows.find(dim);
        if (lit == s.label_rows.end()) return false;
        SegmentIndex all;
        for (const auto& [label, rows] : lit->second) {
          all.by_label.emplace(label, static_cast<uint32_t>(all.labels.size()));
          all.labels.push_back(label);
        }
        std::vector<uint32_t> code(seg.labels.size());
        for (size_t c = 0; c < seg.labels.size(); ++c) {
          auto found = all.by_label.find(seg.labels[c]);
          if (found == all.by_label.end()) return false;
          code[c] = found->second;
        }
        all.row_code = std::move(seg.row_code);
        for (uint32_t& c : all.row_code) c = code[c];
        all.rows_per_code.assign(all.labels.size(), 0);
        for (size_t c = 0; c < seg.rows_per_code.size(); ++c)
          all.rows_per_code[code[c]] = seg.rows_per_code[c];
        seg = std::move(all);
      }
    }
    return true;
  }

  // The aggregate table of the finished scans: segment codes become the labels they
  // stand for (moved out of the source indexes, which are not read again).
  AggregateTable TakeTable() {
    AggregateTable table;
    if (grid_.has_days) table.SetDays(grid_.min_day, grid_.max_day);
    if (window_.active) table.window = std::move(window_.plan);
    for (auto& [id, src] : sources_) {
      SourceFrame& frame = table.sources[id];
      frame.timed = src.timed;
      frame.has_days = src.has_days;
      frame.min_day = src.min_day;
      frame.max_day = src.max_day;
      for (auto& [dim, seg] : src.dims) {
        auto values = std::make_shared<SegmentValues>();
        values->labels = std::move(seg.labels);
        values->by_label = std::move(seg.by_label);
        frame.dims.emplace(dim, std::move(values));
      }
    }
    table.columns.resize(values_.size());
    for (size_t id = 0; id < values_.size(); ++id) {
      AggregateValues& v = values_[id];
      AggregateColumn& c = table.columns[id];
      if (v.layout == nullptr) continue;  // its source is not in the workspace
      c.present = true;
      c.per_period = v.per_period;
      c.empty = v.empty;
      const SourceFrame& frame = table.sources.at(plan_.aggregates[id].source_id);
      for (const auto& dim : v.layout->dim_names) c.AddDimension(dim, frame.dims.at(dim));
      c.by_grain = std::move(v.by_grain);
      c.all = std::move(v.all);
    }
    return table;
  }

  void BuildGrid() {
    for (const auto& [id, s] : sources_) {
      if (!s.timed || !s.has_days) continue;
      if (!grid_.has_days) {
        grid_.min_day = s.min_day, grid_.max_day = s.max_day, grid_.has_days = true;
      } else {
        grid_.min_day = std::min(grid_.min_day, s.min_day);
        grid_.max_day = std::max(grid_.max_day, s.max_day);
      }
    }
    if (!grid_.has_days) return;
    grid_.ndays = grid_.max_day - grid_.min_day + 1;
    for (catalog::Grain g : time::kAllGrains) {
      const int gi = GrainIndex(g);
      grid_.first[gi] = time::PeriodOfDay(grid_.min_day, g).index;
      grid_.count[gi] = time::PeriodOfDay(grid_.max_day, g).index - grid_.first[gi] + 1;
    }
  }

  // The slot layout of `scan` and its aggregates' metadata; null when its source is
  // not in the workspace.
  const ScanLayout* PrepareScan(const ScanPlan& scan) {
    auto sit = sources_.find(scan.source_id);
    if (sit == sources_.end()) return nullptr;
    const SourceIndex& src = sit->second;
    layouts_.push_back(std::make_unique<ScanLayout>());
    ScanLayout& layout = *layouts_.back();
    for (const auto& d : scan.dims) {
      auto dit = src.dims.find(d);
      if (dit == src.dims.end()) continue;
      layout.dim_names.push_back(d);
      layout.dims.push_back(&dit->second);
      layout.base.push_back(layout.nslots);
      layout.nslots += static_cast<uint32_t>(dit->second.labels.size());
    }
    for (int32_t id : scan.aggregates) {
      AggregateValues& v = values_[id];
      v.layout = &layout;
      v.empty = FinalizeAggregate(*plan_.aggregates[id].expr, Accumulator{});
      v.per_period = scan.snapshot || src.timed;
    }
    return &layout;
  }

  // Runs of consecutive rows of `src` whose day lies in the refresh window.
  std::vector<std::pair<size_t, size_t>> WindowRuns(const SourceIndex& src) const {
    std::vector<std::pair<size_t, size_t>> runs;
    for (size_t r = 0; r < src.table.rows; ++r) {
      const int32_t d = src.day[r];
      if (d == kNoDay || !window_.plan.read_day[d - grid_.min_day]) continue;
      if (!runs.empty() && runs.back().second == r) {
        runs.back().second = r + 1;
      } else {
        runs.emplace_back(r, r + 1);
      }
    }
    return runs;
  }

  bool GrainWanted(catalog::Grain g, catalog::Grain finest) const {
    if (g < finest) return false;
    return options_.grains.empty() ||
           std::find(options_.grains.begin(), options_.grains.end(), g) != options_.grains.end();
  }

  // How each aggregate of `scan` reads a holistic argument.
  std::vector<HolisticInput> HolisticInputs(const ScanPlan& scan, const SourceIndex& src) const {
    std::vector<HolisticInput> out(scan.aggregates.size());
    for (size_t a = 0; a < scan.aggregates.size(); ++a) {
      const Expr& e = *plan_.aggregates[scan.aggregates[a]].expr;
      HolisticInput& in = out[a];
      in.spec.aggregate = &e;
      if (e.aggregate != Aggregate::kCountDistinct || e.args.empty()) continue;
      const Expr& arg = *e.args[0];
      if (arg.type != formula::ValueType::kString) continue;
      in.spec.keys = KeyKind::kStrings;
      if (arg.kind == ExprKind::kColumnRef && arg.column_index >= 0 &&
          static_cast<size_t>(arg.column_index) < src.table.columns.size()) {
        in.code_column = arg.column_index;
        in.dict = std::make_shared<DictionaryUnion>();
        in.spec.keys = KeyKind::kDense;  // key_limit: the union's size once every row is read
      }
    }
    return out;
  }

  // Slot block `block` of a layout: 0 = `*`, k + 1 = dimension k.
  struct Block {
    uint32_t base = 0, ncodes = 1;
    const std::vector<uint32_t>* codes = nullptr;  // per row; null for `*`
  };
  static Block BlockOf(const ScanLayout& layout, size_t block) {
    if (block == 0) return {};
    const SegmentIndex& d = *layout.dims[block - 1];
    return {layout.base[block - 1], static_cast<uint32_t>(d.labels.size()), &d.row_code};
  }

  // A holistic aggregate's values for one slot block, per (period, code): entry i goes
  // to the period of its row's day (`period_of_day`, indexed by day - min_day; rows
  // without a day are left out) or, with no map, all to one period.
  std::vector<double> BlockValues(const HolisticInput& in, HolisticPieces h, const Block& bl,
                                  const std::vector<int32_t>* period_of_day, size_t nperiods,
                                  const SourceIndex& src, GroupScratch& scratch,
                                  bool with_star = false) const {
    HolisticGrouping grouping;
    if (period_of_day != nullptr) {
      grouping.day = src.day.data();
      grouping.min_day = grid_.min_day;
      grouping.period_of_day = period_of_day->data();
      grouping.no_day = kNoDay;
    }
    if (bl.codes != nullptr) grouping.codes = bl.codes->data();
    grouping.ncodes = bl.ncodes;
    HolisticSpec spec = in.spec;
    if (in.dict) spec.key_limit = in.dict->size();  // every row has been read by now
    return FinalizeGroups(spec, h, grouping, nperiods * bl.ncodes, scratch, with_star ? bl.ncodes : 0);
  }

  // A holistic aggregate's value per slot over all of `h` (one period or `all`).
  std::vector<double> HolisticSlots(const HolisticInput& in, const std::vector<HolisticRows>& rows,
                                    const ScanLayout& layout, const SourceIndex& src) const {
    std::vector<const HolisticRows*> h(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) h[i] = &rows[i];
    std::vector<double> out(layout.nslots, kNull);
    GroupScratch scratch;
    for (size_t block = 0; block <= layout.dims.size(); ++block) {
      const Block bl = BlockOf(layout, block);
      const std::vector<double> vals = BlockValues(in, h, bl, nullptr, 1, src, scratch);
      std::copy(vals.begin(), vals.end(), out.begin() + bl.base);
    }
    return out;
  }

  // One holistic aggregate of a row scan, ready to finalize.
  struct HolisticJob {
    const AggregatePlan* ap;
    const HolisticInput* in;
    std::vector<const HolisticRows*> pieces;  // per thread that scanned and day group
    // Per day of the scan (day first_day + d): its pieces. Empty for a source without
    // days; the entries of rows without a day are in `pieces` only.
    std::vector<std::vector<const HolisticRows*>> by_day;
    int32_t first_day = 0;
  };

  // Holistic aggregates of a row scan at every wanted grain and `all`: one grouping
  // (counting sort) per aggregate, grain and slot block, all shared out over the
  // threads together.
  void FinalizeHolistic(const std::vector<HolisticJob>& jobs, const SourceIndex& src,
                        const ScanLayout& layout, bool by_day) {
    const uint32_t ns = layout.nslots;
    struct Task {
      size_t job;
      int grain;  // -1 = `all`
      size_t block;
      bool with_star;  // the `*` block too: its groups are runs of this block's
    };
    std::vector<Task> tasks;
    auto add_tasks = [&](size_t job, int grain) {
      const bool star_apart = layout.dims.empty() || layout.dims[0]->labels.empty();
      if (star_apart) tasks.push_back({job, grain, 0, false});
      for (size_t block = 1; block <= layout.dims.size(); ++block) {
        tasks.push_back({job, grain, block, block == 1 && !star_apart});
      }
    };
    std::array<std::vector<int32_t>, kGrains> period_of_day;  // per grain: day - min_day -> period offset
    // Medians and percentiles at a grain are selected period by period over the
    // entries of each period's days (SelectInPeriod), when the segment codes are few
    // enough to count per period.
    constexpr size_t kMaxPeriodCodes = 1 << 16;
    auto selects_by_period = [&](const HolisticJob& job) {
      const Aggregate a = job.ap->expr->aggregate;
      if (formula::InfoOf(a).state != formula::AggregateState::kOrdered) return false;
      return std::all_of(layout.dims.begin(), layout.dims.end(),
                         [](const SegmentIndex* d) { return d->labels.size() <= kMaxPeriodCodes; });
    };
    std::vector<std::pair<size_t, int>> period_jobs;  // job, grain
    for (size_t j = 0; j < jobs.size(); ++j) {
      const AggregatePlan& ap = *jobs[j].ap;
      AggregateValues& out = values_[ap.id];
      out.all.assign(ns, kNull);
      // `all` of a timed source is only read by measures without a time column.
      if (!by_day || untimed_measures_) add_tasks(j, -1);
      if (!by_day) continue;
      for (catalog::Grain g : time::kAllGrains) {
        if (!GrainWanted(g, ap.finest_grain)) continue;
        const int gi = GrainIndex(g);
        out.by_grain[gi].assign(static_cast<size_t>(grid_.count[gi]) * ns, kNull);
        if (period_of_day[gi].empty()) {
          period_of_day[gi].resize(static_cast<size_t>(grid_.ndays));
          for (int32_t d = 0; d < grid_.ndays; ++d) {
            period_of_day[gi][d] = time::PeriodOfDay(grid_.min_day + d, g).index - grid_.first[gi];
          }
        }
        if (selects_by_period(jobs[j])) {
          period_jobs.emplace_back(j, gi);
        } else {
          add_tasks(j, gi);
        }
      }
    }
    // Longest first, so the threads finish together: a task's cost grows with its
    // entries, twice for one that also computes `*`, and selection (percentile)
    // costs several times a distinct count.
    auto cost = [&](const Task& t) {
      size_t entries = 0;
      for (const HolisticRows* h : jobs[t.job].pieces) entries += h->size();
      const bool selects = jobs[t.job].ap->expr->aggregate != Aggregate::kCountDistinct;
      return entries * (t.with_star ? 2 : 1) * (selects ? 4 : 1);
    };
    std::stable_sort(tasks.begin(), tasks.end(),
                     [&](const Task& a, const Task& b) { return cost(a) > cost(b); });
    ParallelTasks(tasks.size(), options_.threads, [&] {
      return [&, scratch = GroupScratch()](size_t t) mutable {
        const Task& task = tasks[t];
        const HolisticJob& job = jobs[task.job];
        AggregateValues& out = values_[job.ap->id];
        const Block bl = BlockOf(layout, task.block);
        const size_t nperiods = task.grain < 0 ? 1 : static_cast<size_t>(grid_.count[task.grain]);
        const std::vector<double> vals =
            BlockValues(*job.in, job.pieces, bl, task.grain < 0 ? nullptr : &period_of_day[task.grain],
                        nperiods, src, scratch, task.with_star);
        auto put = [&](size_t p, uint32_t slot, double v) {
          if (task.grain < 0) {
            out.all[slot] = v;
          } else {
            out.by_grain[task.grain][p * ns + slot] = v;
          }
        };
        for (size_t p = 0; p < nperiods; ++p) {
          for (uint32_t c = 0; c < bl.ncodes; ++c) put(p, bl.base + c, vals[p * bl.ncodes + c]);
          if (task.with_star) put(p, 0, vals[nperiods * bl.ncodes + p]);
        }
      };
    });
    for (const auto& [j, gi] : period_jobs) {
      const HolisticJob& job = jobs[j];
      // A period's entries: the pieces of its days.
      const size_t nperiods = static_cast<size_t>(grid_.count[gi]);
      std::vector<std::vector<const HolisticRows*>> of_period(nperiods);
      for (size_t d = 0; d < job.by_day.size(); ++d) {
        const int32_t day = job.first_day + static_cast<int32_t>(d);
        const auto p = static_cast<size_t>(period_of_day[gi][day - grid_.min_day]);
        of_period[p].insert(of_period[p].end(), job.by_day[d].begin(), job.by_day[d].end());
      }
      std::vector<double>& vals = values_[job.ap->id].by_grain[gi];
      ParallelTasks(nperiods, options_.threads, [&] {
        return [&, scratch = GroupScratch()](size_t p) mutable {
          vals[p * ns] = SelectInPeriod(*job.ap->expr, of_period[p], scratch);
          for (size_t k = 0; k < layout.dims.size(); ++k) {
            const SegmentIndex& d = *layout.dims[k];
            SelectInPeriodByCode(*job.ap->expr, of_period[p], d.row_code.data(),
                                 static_cast<uint32_t>(d.labels.size()), scratch,
                                 vals.data() + p * ns + layout.base[k]);
          }
        };
      });
    }
  }

  // Every row scan of `src` in one pass over its rows: each chunk's columns are read
  // (decoded, for a streamed source) once for all of them.
  Status RunRowScans(const SourceIndex& src,
                     const std::vector<std::pair<const ScanPlan*, const ScanLayout*>>& scans) {
    const bool by_day = src.timed && grid_.has_days;
    // Day groups cover [min_day, max_day]: every day, or in a refresh the days it reads
    // (no other row is scanned). The group after them holds rows without a day.
    int32_t min_day = grid_.min_day, max_day = grid_.max_day;
    if (window_.active && by_day) {
      const std::vector<uint8_t>& read = window_.plan.read_day;
      const auto first = std::find(read.begin(), read.end(), 1);
      const auto last = std::find(read.rbegin(), read.rend(), 1);
      if (first != read.end()) {
        min_day = grid_.min_day + static_cast<int32_t>(first - read.begin());
        max_day = grid_.min_day + static_cast<int32_t>(read.rend() - last) - 1;
      }
    }
    const int32_t ndays = max_day - min_day + 1;
    const size_t day_groups = by_day ? static_cast<size_t>(ndays) + 1 : 1;
    const int32_t null_group = by_day ? ndays : 0;
    auto day_group = [&](size_t r) -> int32_t {
      if (!by_day) return 0;
      const int32_t d = src.day[r];
      return d == kNoDay ? null_group : d - min_day;
    };
    const ChunkPlan chunks = PlanChunks(
        src.table, window_.active && by_day ? &window_.runs[src.def->id] : nullptr, options_.threads);
    struct ScanRun {
      const ScanPlan* scan;
      const ScanLayout* layout;
      std::vector<HolisticInput> holistic;
      std::vector<GroupState> states;  // per thread
    };
    std::vector<ScanRun> runs;
    std::set<int32_t> columns;
    bool keep_parts = false;  // holistic string keys point into the parts' dictionaries
    for (const auto& [scan, layout] : scans) {
      ScanRun run{scan, layout, HolisticInputs(*scan, src), std::vector<GroupState>(chunks.threads)};
      for (auto& st : run.states) st.Init(*scan, plan_, day_groups, layout->nslots);
      // Holistic entries: at most one per row of the day the thread reads.
      for (int t = 0; t < chunks.threads; ++t) {
        std::vector<size_t> room(day_groups, 0);
        if (by_day && src.has_days) {
          for (size_t d = 0; d + 1 < day_groups; ++d) {
            const int64_t i = int64_t{min_day} + static_cast<int64_t>(d) - src.counted_from;
            if (i < 0 || i >= static_cast<int64_t>(src.rows_per_day.size())) continue;
            room[d] = std::min(ThreadRows(chunks, t),
                               static_cast<size_t>(src.rows_per_day[static_cast<size_t>(i)]));
          }
        } else {
          room[0] = ThreadRows(chunks, t);
        }
        run.states[t].Reserve(*scan, plan_, room);
      }
      for (const auto& in : run.holistic) keep_parts = keep_parts || in.spec.keys == KeyKind::kStrings;
      for (int32_t c : ScanColumns(plan_, *scan)) columns.insert(c);
      runs.push_back(std::move(run));
    }
    std::mutex kept_mu;
    RETURN_IF_ERROR(ReadChunks(
        src.table, chunks, {columns.begin(), columns.end()},
        [&](const Chunk& chunk, int t, const std::shared_ptr<const DecodedPart>& part) {
          RowEvaluator ev(RowContext{chunk.table, &zone_.value(), &calendars_, &themes_});
          for (ScanRun& run : runs) {
            Accumulate(ev, *run.scan, plan_, *run.layout, run.holistic, day_group, chunk, run.states[t]);
          }
          if (keep_parts && part) {
            std::lock_guard<std::mutex> lock(kept_mu);
            kept_parts_.push_back(part);
          }
        }));
    for (ScanRun& run : runs)
      FinishRowScan(src, *run.scan, *run.layout, run.holistic, run.states, by_day, min_day, max_day,
                    day_groups);
    return Status::Ok();
  }

  // Merges the threads' groups of a row scan and finalizes its aggregates.
  void FinishRowScan(const SourceIndex& src, const ScanPlan& scan, const ScanLayout& layout,
                     const std::vector<HolisticInput>& holistic, std::vector<GroupState>& states, bool by_day,
                     int32_t min_day, int32_t max_day, size_t day_groups) {
    for (size_t t = 1; t < states.size(); ++t) states[0].MergeAccumulators(states[t]);
    GroupState& st = states[0];
    const uint32_t ns = layout.nslots;
    std::vector<HolisticJob> jobs;
    for (size_t a = 0; a < scan.aggregates.size(); ++a) {
      const AggregatePlan& ap = plan_.aggregates[scan.aggregates[a]];
      if (!IsHolistic(ap.expr->aggregate)) continue;
      HolisticJob job{&ap, &holistic[a], {}, {}, min_day};
      if (by_day) job.by_day.resize(day_groups - 1);  // the last group: rows without a day
      for (const GroupState& s : states) {
        for (size_t d = 0; d < s.holistic[a].size(); ++d) {
          const HolisticRows* h = &s.holistic[a][d];
          job.pieces.push_back(h);
          if (d < job.by_day.size()) job.by_day[d].push_back(h);
        }
      }
      jobs.push_back(std::move(job));
    }
    FinalizeHolistic(jobs, src, layout, by_day);
    states.resize(1);
    st.holistic.clear();
    for (size_t a = 0; a < scan.aggregates.size(); ++a) {
      const AggregatePlan& ap = plan_.aggregates[scan.aggregates[a]];
      if (IsHolistic(ap.expr->aggregate)) continue;
      AggregateValues& out = values_[ap.id];
      auto finalize_days = [&](int32_t d0, int32_t d1, uint32_t s) {  // day groups [d0, d1]
        Accumulator acc;
        for (int32_t d = d0; d <= d1; ++d) acc.Merge(st.accs[a][d * ns + s]);
        return FinalizeAggregate(*ap.expr, acc);
      };
      out.all.resize(ns);
      for (uint32_t s = 0; s < ns; ++s)
        out.all[s] = finalize_days(0, static_cast<int32_t>(day_groups) - 1, s);
      if (!by_day) continue;
      for (catalog::Grain g : time::kAllGrains) {
        if (!GrainWanted(g, ap.finest_grain)) continue;
        const int gi = GrainIndex(g);
        std::vector<double>& vals = out.by_grain[gi];
        vals.assign(static_cast<size_t>(grid_.count[gi]) * ns, kNull);
        for (int32_t p = 0; p < grid_.count[gi]; ++p) {
          const time::PeriodKey key{g, grid_.first[gi] + p};
          const int32_t d0 = std::max(time::FirstDay(key), min_day) - min_day;
          const int32_t d1 = std::min(time::LastDay(key), max_day) - min_day;
          for (uint32_t s = 0; s < ns; ++s) vals[static_cast<size_t>(p) * ns + s] = finalize_days(d0, d1, s);
        }
      }
    }
  }

  // A snapshot scan reads every row once per period, so it needs the whole table.
  Status RunSnapshotScan(const ScanPlan& scan, const SourceIndex& src, const ScanLayout& layout) {
    if (src.table.streamed()) {
      return Status::Internal("snapshot aggregates over source '" + scan.source_id +
                              "' need its whole table");
    }
    const RowContext ctx{&src.table, &zone_.value(), &calendars_, &themes_};
    struct Task {
      int grain;  // -1 = `all`
      int32_t offset;
    };
    std::vector<Task> tasks{{-1, 0}};
    if (grid_.has_days) {
      for (catalog::Grain g : time::kAllGrains) {
        if (!GrainWanted(g, scan.finest_grain)) continue;
        const int gi = GrainIndex(g);
        for (int32_t p = 0; p < grid_.count[gi]; ++p) tasks.push_back({gi, p});
        for (int32_t id : scan.aggregates) {
          values_[id].by_grain[gi].assign(static_cast<size_t>(grid_.count[gi]) * layout.nslots, kNull);
        }
      }
    }
    for (int32_t id : scan.aggregates) values_[id].all.assign(layout.nslots, kNull);
    const std::vector<HolisticInput> holistic = HolisticInputs(scan, src);
    ParallelTasks(tasks.size(), options_.threads, [&] {
      return [&, ev = RowEvaluator(ctx), st = GroupState()](size_t t) mutable {
        const Task task = tasks[t];
        if (task.grain < 0) {
          ev.ClearPeriod();
        } else {
          const time::PeriodKey key{static_cast<catalog::Grain>(task.grain),
                                    grid_.first[task.grain] + task.offset};
          ev.SetPeriod(time::PeriodStart(key, zone_.value()), time::PeriodEnd(key, zone_.value()));
        }
        st.Init(scan, plan_, 1, layout.nslots);
        Accumulate(
            ev, scan, plan_, layout, holistic, [](size_t) { return 0; },
            Chunk{&src.table, 0, src.table.rows, 0, 0}, st);
        for (size_t a = 0; a < scan.aggregates.size(); ++a) {
          const AggregatePlan& ap = plan_.aggregates[scan.aggregates[a]];
          AggregateValues& out = values_[ap.id];
          if (task.grain >= 0 && !GrainWanted(static_cast<catalog::Grain>(task.grain), ap.finest_grain))
            continue;
          std::vector<double> slots;
          if (IsHolistic(ap.expr->aggregate)) {
            slots = HolisticSlots(holistic[a], st.holistic[a], layout, src);
          } else {
            slots.resize(layout.nslots);
            for (uint32_t s = 0; s < layout.nslots; ++s)
              slots[s] = FinalizeAggregate(*ap.expr, st.accs[a][s]);
          }
          for (uint32_t s = 0; s < layout.nslots; ++s) {
            if (task.grain < 0) {
              out.all[s] = slots[s];
            } else {
              out.by_grain[task.grain][static_cast<size_t>(task.offset) * layout.nslots + s] = slots[s];
            }
          }
        }
      };
    });
    return Status::Ok();
  }

  const catalog::Catalog& catalog_;
  const formula::CompiledCatalog& compiled_;
  const Plan& plan_;
  const EngineInput& input_;
  const ComputeOptions& options_;
  std::optional<time::ZoneConverter> zone_;
  CalendarSet calendars_;
  ThemeSet themes_;
  std::map<std::string, SourceIndex> sources_;
  Grid grid_;
  bool untimed_measures_ = false;  // some selected measure has no time column (period `all`)
  struct Window {                  // a refresh: the days whose rows are read, the periods output per grain
    bool active = false;
    RefreshWindow plan;
    std::map<std::string, std::vector<std::pair<size_t, size_t>>> runs;  // per source: row runs to read
  } window_;
  std::vector<std::unique_ptr<ScanLayout>> layouts_;
  std::vector<std::shared_ptr<const DecodedPart>> kept_parts_;  // parts holistic string keys point into
  std::vector<AggregateValues> values_;
};

}  // namespace

NativeExecutor::NativeExecutor(const catalog::Catalog& catalog, const formula::CompiledCatalog& compiled,
                               const EngineInput& input, const ComputeOptions& options)
    : catalog_(catalog), compiled_(compiled), input_(input), options_(options) {}

Result<AggregateTable> NativeExecutor::Execute(const Plan& plan) {
  NativeScans scans(catalog_, compiled_, plan, input_, options_);
  return scans.Run();
}

}  // namespace northstar::engine
