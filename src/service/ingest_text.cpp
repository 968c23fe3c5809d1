// The text `northstar ingest` prints per source, and `ingest --report`'s.
#include "common/number_format.h"
#include "quality/report_format.h"
#include "service/ingest.h"
#include "time/period.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

std::string DayRangeText(const std::vector<int32_t>& days) {
  if (days.empty()) return "none";
  std::string out = std::to_string(days.size()) + (days.size() == 1 ? " day " : " days ") +
                    time::FormatLocalDate(days.front());
  if (days.size() > 1) out += ".." + time::FormatLocalDate(days.back());
  const time::PeriodKey w0 = time::PeriodOfDay(days.front(), catalog::Grain::kWeek);
  const time::PeriodKey w1 = time::PeriodOfDay(days.back(), catalog::Grain::kWeek);
  out += " (weeks " + time::PeriodLabel(w0) + (w0 == w1 ? "" : ".." + time::PeriodLabel(w1)) + ")";
  return out;
}

}  // namespace

std::string IngestText(const SourceIngest& s) {
  const store::IngestOutcome& o = s.outcome;
  const double elapsed = s.elapsed_seconds, mb = static_cast<double>(s.bytes_read) / 1e6;
  std::string text = s.source + " (" + s.input + ")\n";
  text += "  rows read " + std::to_string(s.rows_read) + " = stored " + std::to_string(s.rows_stored) +
          " + rejected " + std::to_string(s.rows_rejected) + "\n";
  text += "  stored: " + std::to_string(o.inserted) + " inserted, " + std::to_string(o.updated) +
          " edited, " + std::to_string(o.unchanged) + " unchanged, " + std::to_string(o.duplicates_in_batch) +
          " duplicates in batch (last row of a key kept)\n";
  text += "  touched periods: " + DayRangeText(o.touched_days) +
          (o.touched_null_time ? " + rows without time" : "") + "\n";
  text += "  elapsed " + FormatFixed(elapsed, 2) + " s (read " + FormatFixed(s.read_seconds, 2) +
          " s, commit " + FormatFixed(elapsed - s.read_seconds, 2) + " s), " +
          FormatFixed(elapsed > 0 ? mb / elapsed : 0, 1) + " MB/s (" + FormatFixed(mb, 1) + " MB read, " +
          FormatFixed(elapsed > 0 ? s.rows_read / elapsed : 0, 0) + " rows/s)\n";
  if (s.rows_rejected > 0) {
    text += "  rejected " + std::to_string(s.rows_rejected) + (s.rows_rejected == 1 ? " row" : " rows") +
            ", written to " + s.reject_file + "\n";
    for (const auto& r : s.first_rejects) {
      text += "    line " + std::to_string(r.line) + (r.column.empty() ? "" : ", " + r.column) + ": " +
              r.reason + "\n";
    }
    if (static_cast<size_t>(s.rows_rejected) > s.first_rejects.size()) {
      text += "    ... and " +
              std::to_string(s.rows_rejected - static_cast<int64_t>(s.first_rejects.size())) +
              " more in the reject file\n";
    }
  }
  return text + "  data quality:\n" + quality::FormatQualityText(s.quality, "    ");
}

std::string StoredText(const StoredSource& s) {
  if (!s.ingested) return s.source + ": never ingested (run `northstar ingest " + s.source + "`)\n";
  const quality::SourceQuality& q = s.quality;
  std::string text = s.source + ": " + std::to_string(q.rows) + " rows";
  if (q.first_day)
    text += ", days " + time::FormatLocalDate(*q.first_day) + ".." + time::FormatLocalDate(*q.last_day);
  if (q.newest_time) text += ", newest " + time::FormatIso(*q.newest_time, nullptr);
  text += ", " + std::to_string(s.edits) + " edits in " + std::to_string(s.batches) + " batches\n";
  if (s.last_ingest) {
    const quality::IngestState& last = *s.last_ingest;
    text += "  last ingest " + last.ingested_at + " from " + last.input + ": read " +
            std::to_string(last.rows_read) + ", rejected " + std::to_string(last.rows_rejected) +
            (last.reject_file.empty() ? "" : " (" + last.reject_file + ")") + "\n";
  }
  return text + quality::FormatQualityText(q, "  ");
}

}  // namespace northstar::service
