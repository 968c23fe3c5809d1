#include "ingest/csv_reader.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <iterator>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/parallel.h"
#include "common/text.h"
#include "common/utf8.h"
#include "ingest/batch_builder.h"
#include "ingest/csv_tokenizer.h"
#include "ingest/field_converter.h"
#include "ingest/mapped_file.h"

namespace northstar::ingest {
namespace {

constexpr size_t kRawTextLimit = 1024;
constexpr int64_t kProgressEveryBytes = int64_t{8} << 20;

// Serializes progress reports from the parse threads.
class ProgressReporter {
 public:
  ProgressReporter(const ProgressCallback& callback, int64_t total) : callback_(callback), total_(total) {}

  void Add(int64_t bytes, int64_t rows) {
    if (!callback_) return;
    const int64_t done = bytes_.fetch_add(bytes) + bytes;
    const int64_t rows_now = rows_.fetch_add(rows) + rows;
    std::lock_guard<std::mutex> lock(mutex_);
    callback_(std::min(done, total_), total_, rows_now);
  }

 private:
  const ProgressCallback& callback_;
  int64_t total_;
  std::atomic<int64_t> bytes_{0};
  std::atomic<int64_t> rows_{0};
  std::mutex mutex_;
};

// Which header field feeds which declared column, and how to convert it.
struct CsvPlan {
  const SourceContext* context = nullptr;
  char delimiter = ',';
  size_t field_count = 0;
  struct Read {
    size_t field;
    size_t column;
  };
  std::vector<Read> reads;  // sorted by field
  std::vector<FieldConverter> converters;
  std::vector<std::string> null_values;
  NullTexts nulls;  // over null_values

  bool IsNull(std::string_view text) const { return nulls.Is(text); }
};

struct RangeResult {
  Batch batch;
  const char* begin = nullptr;
  const char* next = nullptr;  // start of the first record not parsed
  int64_t newlines = 0;        // line breaks consumed from begin to next
};

void Reject(const CsvPlan& plan, std::string_view text, int64_t line, std::string column, std::string reason,
            Batch& batch) {
  RejectedRow row;
  row.file = plan.context->display_path;
  row.line = line;
  row.column = std::move(column);
  row.reason = std::move(reason);
  row.raw = SanitizeUtf8(text, kRawTextLimit);
  batch.rejected.push_back(std::move(row));
}

void Reject(const CsvPlan& plan, const CsvRecord& record, int64_t line, std::string column,
            std::string reason, Batch& batch) {
  Reject(plan, record.text(), line, std::move(column), std::move(reason), batch);
}

// Finds the separators, quotes, CRs and LFs of the input 64 bytes at a time and hands
// them out in order, so that locating the next field boundary is a bit scan rather
// than a fresh search per field (fields average a few bytes).
class SpecialScanner {
 public:
  SpecialScanner(char delimiter, const char* end) : delimiter_(delimiter), end_(end) {}

  // Starts scanning at `p`.
  void Reset(const char* p) {
    base_ = p;
    mask_ = Mask(p);
  }

  // The next special byte at or after the current position, or end.
  const char* Next() {
    while (mask_ == 0) {
      base_ += 64;
      if (base_ >= end_) return end_;
      mask_ = Mask(base_);
    }
    const char* hit = base_ + __builtin_ctzll(mask_);
    mask_ &= mask_ - 1;
    return hit;
  }

 private:
  uint64_t Mask(const char* p) const {
    if (end_ - p < 64) {
      uint64_t mask = 0;
      for (ptrdiff_t i = 0; i < end_ - p; ++i) {
        const char c = p[i];
        if (c == delimiter_ || c == '\n' || c == '\r' || c == '"') mask |= uint64_t{1} << i;
      }
      return mask;
    }
    // The input streams in from the page cache: ask for it well ahead, since the
    // hardware prefetcher stops at every 4 KiB page of the mapping.
    __builtin_prefetch(p + kPrefetchAhead);
#if defined(__SSE2__)
    const __m128i delimiter = _mm_set1_epi8(delimiter_);
    const __m128i newline = _mm_set1_epi8('\n');
    const __m128i carriage = _mm_set1_epi8('\r');
    const __m128i quote = _mm_set1_epi8('"');
    uint64_t mask = 0;
    for (int k = 0; k < 4; ++k) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
      const __m128i hits =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delimiter), _mm_cmpeq_epi8(v, newline)),
                       _mm_or_si128(_mm_cmpeq_epi8(v, carriage), _mm_cmpeq_epi8(v, quote)));
      mask |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(hits))) << (16 * k);
    }
    return mask;
#else
    uint64_t mask = 0;
    for (int i = 0; i < 64; ++i) {
      const char c = p[i];
      if (c == delimiter_ || c == '\n' || c == '\r' || c == '"') mask |= uint64_t{1} << i;
    }
    return mask;
#endif
  }

  static constexpr ptrdiff_t kPrefetchAhead = 1024;

  char delimiter_;
  const char* end_;
  const char* base_ = nullptr;
  uint64_t mask_ = 0;
};

// The common record: `expected` fields ended by LF or CRLF, each plain or quoted
// without doubled quotes or line breaks inside. Fills fields[0..expected), sets
// `record_end` (the terminator) and returns where the next record starts; returns
// nullptr for anything else, including a last record without terminator (the caller
// then uses the full tokenizer, which also words any error), leaving the scanner in
// an unspecified place.
const char* ScanSimpleRecord(SpecialScanner& scanner, const char* begin, const char* end, char delimiter,
                             size_t expected, std::string_view* fields, const char*& record_end) {
  const char* field_start = begin;
  size_t n = 0;
  while (true) {
    const char* hit = scanner.Next();
    if (hit >= end) return nullptr;
    std::string_view value;
    if (*hit == '"') {
      if (hit != field_start) return nullptr;  // a quote inside a plain field
      const char* close;
      do {
        close = scanner.Next();
        if (close >= end || *close == '\n' || *close == '\r') return nullptr;
      } while (*close != '"');
      hit = scanner.Next();
      // The closing quote must be followed by a separator or terminator (a second
      // quote would be a doubled one, any other text is malformed).
      if (hit != close + 1 || hit >= end || *hit == '"') return nullptr;
      value = std::string_view(field_start + 1, close - field_start - 1);
    } else {
      value = std::string_view(field_start, hit - field_start);
    }
    const char c = *hit;
    if (c == delimiter) {
      if (n + 1 >= expected) return nullptr;
      fields[n++] = value;
      field_start = hit + 1;
      continue;
    }
    if (n + 1 != expected) return nullptr;
    if (c == '\r') {
      if (hit + 1 >= end || hit[1] != '\n') return nullptr;
      scanner.Next();  // the LF
      fields[n] = value;
      record_end = hit;
      return hit + 2;
    }
    fields[n] = value;
    record_end = hit;
    return hit + 1;  // c is LF: a quote was handled above
  }
}

// Converts the fields of one record (fields[read.field] for each read) and appends
// them as a row, or rejects the record with the reason of its first bad field.
void ConvertRecord(const CsvPlan& plan, const std::string_view* fields, std::string_view text, int64_t line,
                   std::string& reason, Batch& batch) {
  const size_t row = batch.rows();
  for (const CsvPlan::Read& read : plan.reads) {
    const std::string_view field = fields[read.field];
    ColumnData& column = batch.columns[read.column];
    const FieldConverter& converter = plan.converters[read.column];
    if (plan.IsNull(field) ? !converter.AppendNull(column, reason)
                           : !converter.AppendText(field, column, reason)) {
      TruncateColumns(batch, row);
      Reject(plan, text, line, plan.context->source->columns[read.column].name, reason, batch);
      return;
    }
  }
  batch.source_lines.push_back(line);
}

// Records of the fast path, split but not yet converted: they are converted a block at
// a time, column by column, so each column's conversion runs as one tight loop.
class RecordBlock {
 public:
  static constexpr size_t kRows = 256;

  explicit RecordBlock(size_t field_count)
      : stride_(field_count), fields_(kRows * field_count + 1), lines_(kRows), texts_(kRows) {}

  bool empty() const { return rows_ == 0; }
  bool full() const { return rows_ == kRows; }
  // Where the next record's fields go (filled by ScanSimpleRecord).
  std::string_view* next_fields() { return fields_.data() + rows_ * stride_; }
  // Keeps the record whose fields were just written to next_fields().
  void Add(std::string_view text, int64_t line) {
    texts_[rows_] = text;
    lines_[rows_] = line;
    ++rows_;
  }

  // Appends the block's records to `batch`. When a value does not convert, the block's
  // columns are cut back and its records converted one by one, so rows and rejects
  // come out as a record-by-record pass makes them. Dictionaries need no cutting back:
  // columns run in field order and stop at the first column with a bad value, so every
  // value they added is one a record-by-record pass adds too, in the same order (no
  // record fails at a field before a column that converted whole).
  void Flush(const CsvPlan& plan, std::string& reason, Batch& batch) {
    if (rows_ == 0) return;
    const size_t base = batch.rows();
    bool ok = true;
    for (const CsvPlan::Read& read : plan.reads) {
      if (!plan.converters[read.column].AppendTexts(fields_.data() + read.field, stride_, rows_, plan.nulls,
                                                    batch.columns[read.column])) {
        ok = false;
        break;
      }
    }
    if (ok) {
      batch.source_lines.insert(batch.source_lines.end(), lines_.begin(), lines_.begin() + rows_);
    } else {
      TruncateColumns(batch, base);
      for (size_t i = 0; i < rows_; ++i)
        ConvertRecord(plan, fields_.data() + i * stride_, texts_[i], lines_[i], reason, batch);
    }
    rows_ = 0;
  }

 private:
  size_t stride_;
  std::vector<std::string_view> fields_;
  std::vector<int64_t> lines_;
  std::vector<std::string_view> texts_;
  size_t rows_ = 0;
};

// Parses the records that start in [begin, stop); the last one may run past `stop`.
// `first_line` is the line number of `begin`.
void ParseRange(const CsvPlan& plan, const char* begin, const char* stop, const char* end, int64_t first_line,
                ProgressReporter& progress, RangeResult& out) {
  CsvTokenizer tokenizer(plan.delimiter);
  CsvRecord record;
  record.fields.reserve(plan.field_count + 4);
  std::string reason;
  Batch& batch = out.batch;
  int64_t newlines = 0;
  const char* p = begin;
  const char* last_report = begin;
  size_t rows_at_report = 0;
  auto report = [&] {
    if (p - last_report < kProgressEveryBytes) return;
    const size_t rows_now = batch.rows() + batch.rejected.size();
    progress.Add(p - last_report, static_cast<int64_t>(rows_now - rows_at_report));
    last_report = p;
    rows_at_report = rows_now;
  };
  // Plain records take the fast path; the tokenizer handles the rest (and re-reads a
  // record the fast path gave up on from its start). Blocks keep the rows in order:
  // a block is flushed before any record the tokenizer converts.
  SpecialScanner scanner(plan.delimiter, end);
  RecordBlock block(std::max<size_t>(plan.field_count, 1));
  bool scanner_at_p = false;
  while (p < stop) {
    if (plan.field_count > 0) {
      if (!scanner_at_p) scanner.Reset(p);
      const char* record_end = nullptr;
      const char* next = ScanSimpleRecord(scanner, p, end, plan.delimiter, plan.field_count,
                                          block.next_fields(), record_end);
      if (next != nullptr) {
        const int64_t line = first_line + newlines;
        ++newlines;
        const std::string_view text(p, record_end - p);
        p = next;
        scanner_at_p = true;
        report();
        if (text.size() == plan.field_count - 1) continue;  // only separators: blank
        ++batch.rows_read;
        block.Add(text, line);
        if (block.full()) block.Flush(plan, reason, batch);
        continue;
      }
      scanner_at_p = false;
    }
    block.Flush(plan, reason, batch);
    tokenizer.Next(p, end, record);
    const int64_t line = first_line + newlines;
    newlines += record.newlines;
    p = record.next;
    report();
    if (record.blank()) continue;
    ++batch.rows_read;
    if (record.error == RecordError::kUnterminatedQuote) {
      Reject(plan, record, line, "", "unterminated quoted field (a quote opens a field that never closes)",
             batch);
      continue;
    }
    if (record.error == RecordError::kTextAfterQuote) {
      Reject(plan, record, line, "",
             "text after a closing quote (quotes inside a quoted field must be doubled)", batch);
      continue;
    }
    if (record.fields.size() != plan.field_count) {
      Reject(plan, record, line, "",
             "expected " + std::to_string(plan.field_count) + " fields, found " +
                 std::to_string(record.fields.size()),
             batch);
      continue;
    }
    ConvertRecord(plan, record.fields.data(), record.text(), line, reason, batch);
  }
  block.Flush(plan, reason, batch);
  progress.Add(p - last_report, static_cast<int64_t>(batch.rows() + batch.rejected.size() - rows_at_report));
  out.begin = begin;
  out.next = p;
  out.newlines = newlines;
}

void ShiftLines(Batch& batch, int64_t by) {
  if (by == 0) return;
  for (int64_t& line : batch.source_lines) line += by;
  for (RejectedRow& row : batch.rejected) row.line += by;
}

std::string HeaderListing(const std::vector<std::string_view>& header) {
  constexpr size_t kMaxListed = 40;
  std::string out;
  for (size_t i = 0; i < header.size() && i < kMaxListed; ++i) {
    if (i > 0) out += ", ";
    out += SanitizeUtf8(header[i], 80);
  }
  if (header.size() > kMaxListed) out += ", ... (" + std::to_string(header.size()) + " columns)";
  return out;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Matches declared columns to header fields: exact name first, then ignoring
// surrounding spaces (spreadsheets often pad header cells).
Status BuildPlan(const SourceContext& context, const std::vector<std::string_view>& header, CsvPlan& plan) {
  const catalog::SourceDef& source = *context.source;
  plan.context = &context;
  plan.delimiter = source.delimiter;
  plan.field_count = header.size();
  plan.null_values = source.null_values;
  plan.nulls = NullTexts::Of(plan.null_values);
  std::vector<std::string> header_names(header.begin(), header.end());
  for (size_t c = 0; c < source.columns.size(); ++c) {
    const catalog::ColumnDef& column = source.columns[c];
    const std::string& wanted = column.from.empty() ? column.name : column.from;
    auto found = std::find(header.begin(), header.end(), wanted);
    if (found == header.end()) {
      found = std::find_if(header.begin(), header.end(),
                           [&](std::string_view name) { return TrimSpaces(name) == TrimSpaces(wanted); });
    }
    if (found == header.end()) {
      std::string what = context.display_path + " has no column '" + wanted + "'";
      if (wanted != column.name) what += " (read into column '" + column.name + "')";
      what += DidYouMean(wanted, header_names);
      what += "; its header has: " + HeaderListing(header);
      return context.Error(StatusCode::kInvalidArgument, what);
    }
    const auto field = static_cast<size_t>(found - header.begin());
    if (std::find(found + 1, header.end(), *found) != header.end()) {
      return context.Error(StatusCode::kInvalidArgument,
                           context.display_path + " has the column '" + wanted +
                               "' more than once in its header, so it is ambiguous");
    }
    auto converter = FieldConverter::Make(column, source, *context.workspace);
    if (!converter.ok()) return context.Error(StatusCode::kInvalidArgument, converter.status().message());
    plan.converters.push_back(std::move(converter).value());
    plan.reads.push_back({field, c});
  }
  std::sort(plan.reads.begin(), plan.reads.end(),
            [](const CsvPlan::Read& a, const CsvPlan::Read& b) { return a.field < b.field; });
  return Status::Ok();
}

// Where to cut [begin, end) into `parts` chunks: after the first line break at or
// after each even cut. A cut inside a quoted field that holds a line break gives a
// wrong start; the caller checks every start against where the previous chunk really
// ended and parses that part again from the true position, so a wrong start costs
// time, never a wrong result, and only in files with line breaks inside quotes.
// (Counting the quotes before each cut avoids that, but reads the first chunks before
// any parse can start: 0.3 s of a 10 M-row ingest whose file comes from disk.)
std::vector<const char*> ChunkStarts(const char* begin, const char* end, size_t parts) {
  std::vector<const char*> starts(parts + 1);
  starts[0] = begin;
  starts[parts] = end;
  for (size_t i = 1; i < parts; ++i) {
    const char* p = begin + static_cast<size_t>(end - begin) * i / parts;
    if (p == begin || p[-1] != '\n') {
      const void* line_break = std::memchr(p, '\n', static_cast<size_t>(end - p));
      p = line_break == nullptr ? end : static_cast<const char*>(line_break) + 1;
    }
    starts[i] = std::max(p, starts[i - 1]);
  }
  return starts;
}

// Average record length over the first records, to reserve column memory up front.
size_t EstimateRows(const char* begin, const char* end, char delimiter) {
  CsvTokenizer tokenizer(delimiter);
  CsvRecord record;
  const char* p = begin;
  size_t records = 0;
  while (p < end && records < 64) {
    tokenizer.Next(p, end, record);
    p = record.next;
    ++records;
  }
  if (records == 0 || p == begin) return 0;
  const double average = static_cast<double>(p - begin) / static_cast<double>(records);
  return static_cast<size_t>(static_cast<double>(end - begin) / average * 1.05) + 16;
}

// Reads the header (the first non-blank record) and plans the conversion. On success
// `p` is where the body starts and `line` its line number.
Status ParseHeader(std::string_view data, const SourceContext& context, const char*& p, int64_t& line,
                   CsvPlan& plan) {
  const catalog::SourceDef& source = *context.source;
  const char* end = data.data() + data.size();
  p = data.data();
  if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") p += 3;
  CsvTokenizer tokenizer(source.delimiter);
  CsvRecord header;
  line = 1;
  bool have_header = false;
  while (p < end) {
    tokenizer.Next(p, end, header);
    const int64_t header_line = line;
    line += header.newlines;
    p = header.next;
    if (header.blank()) continue;
    if (header.error != RecordError::kNone) {
      return context.Error(StatusCode::kInvalidArgument,
                           context.display_path + ":" + std::to_string(header_line) +
                               ": the header row is malformed (unbalanced quotes)");
    }
    have_header = true;
    break;
  }
  if (!have_header) {
    return context.Error(StatusCode::kInvalidArgument,
                         context.display_path + " is empty (expected a header row naming the columns)");
  }
  return BuildPlan(context, header.fields, plan);
}

}  // namespace

Result<Batch> ParseCsv(std::string_view data, const SourceContext& context, size_t min_bytes_per_thread) {
  const catalog::SourceDef& source = *context.source;
  const char* p = nullptr;
  const char* end = data.data() + data.size();
  int64_t line = 1;
  CsvPlan plan;
  RETURN_IF_ERROR(ParseHeader(data, context, p, line, plan));

  ProgressReporter progress(context.options.progress, static_cast<int64_t>(data.size()));
  progress.Add(p - data.data(), 0);
  const size_t body = end - p;
  size_t parts = std::max(1, context.options.chunks > 0 ? context.options.chunks : context.options.threads);
  parts = std::min(parts, std::max<size_t>(1, body / std::max<size_t>(1, min_bytes_per_thread)));

  Batch result;
  InitColumns(source, result);
  result.bytes_read = static_cast<int64_t>(data.size());
  if (parts <= 1) {
    RangeResult range;
    range.batch = std::move(result);
    ReserveRows(range.batch, EstimateRows(p, end, source.delimiter));
    ParseRange(plan, p, end, end, line, progress, range);
    return std::move(range.batch);
  }

  const std::vector<const char*> starts = ChunkStarts(p, end, parts);
  const size_t estimated_rows = EstimateRows(p, end, source.delimiter);
  std::vector<RangeResult> ranges(parts);
  ParallelTasks(parts, context.options.threads, [&] {
    return [&](size_t i) {
      InitColumns(source, ranges[i].batch);
      // The first chunk reserves room for all rows: the others are appended to it.
      // Each maps only the memory of its own rows up front (mapping the rest first
      // would hold back the first chunk's parse); the rest is mapped as the others
      // are appended.
      const size_t own_rows = estimated_rows / parts + 16;
      ReserveRows(ranges[i].batch, i == 0 ? estimated_rows : own_rows, own_rows);
      // Lines are counted from 1 in every chunk and shifted once the chunks before are known.
      ParseRange(plan, starts[i], starts[i + 1], end, i == 0 ? line : 1, progress, ranges[i]);
    };
  });

  // Stitch the chunks in order. A chunk whose start is not where its predecessor
  // stopped was cut inside a record: its part of the input is parsed again from the
  // true position.
  result = std::move(ranges[0].batch);
  result.bytes_read = static_cast<int64_t>(data.size());
  const char* position = ranges[0].next;
  int64_t next_line = line + ranges[0].newlines;
  for (size_t i = 1; i < parts; ++i) {
    if (ranges[i].begin == position) {
      ShiftLines(ranges[i].batch, next_line - 1);
      position = ranges[i].next;
      next_line += ranges[i].newlines;
      AppendBatch(result, std::move(ranges[i].batch));
      continue;
    }
    if (position >= starts[i + 1]) continue;  // the previous chunk's last record covered this one
    RangeResult redo;
    InitColumns(source, redo.batch);
    ParseRange(plan, position, starts[i + 1], end, next_line, progress, redo);
    position = redo.next;
    next_line += redo.newlines;
    AppendBatch(result, std::move(redo.batch));
  }
  return result;
}

Result<Batch> ReadCsvFile(const SourceContext& context) {
  auto file = MappedFile::Open(context.path);
  if (!file.ok()) {
    return context.Error(file.status().code(),
                         "cannot open " + context.display_path + ": " + file.status().message());
  }
  return ParseCsv(file->data(), context);
}

Result<ReadTotals> ParseCsvInChunks(std::string_view data, const SourceContext& context,
                                    const ChunkSink& sink, size_t piece_bytes) {
  const catalog::SourceDef& source = *context.source;
  const char* p = nullptr;
  const char* end = data.data() + data.size();
  int64_t line = 1;
  CsvPlan plan;
  RETURN_IF_ERROR(ParseHeader(data, context, p, line, plan));

  ProgressReporter progress(context.options.progress, static_cast<int64_t>(data.size()));
  progress.Add(p - data.data(), 0);
  ReadTotals totals;
  totals.bytes_read = static_cast<int64_t>(data.size());
  const size_t body = static_cast<size_t>(end - p);
  const size_t pieces =
      body == 0 ? 0 : (body + std::max<size_t>(1, piece_bytes) - 1) / std::max<size_t>(1, piece_bytes);
  if (pieces == 0) return totals;
  // Where piece i starts: after the first line break at or after its even cut (see
  // ChunkStarts). Found by the thread that parses the piece, not up front: on a file
  // straight from disk each probe waits for a read of its own (0.3 s for 40 pieces of
  // 1.3 GB before any parse could start).
  auto piece_start = [&](size_t i) -> const char* {
    if (i == 0) return p;
    if (i >= pieces) return end;
    const char* cut = p + body / pieces * i + body % pieces * i / pieces;
    if (cut[-1] == '\n') return cut;
    const void* line_break = std::memchr(cut, '\n', static_cast<size_t>(end - cut));
    return line_break == nullptr ? end : static_cast<const char*>(line_break) + 1;
  };
  std::vector<const char*> stops(pieces);  // piece i parses the records starting before stops[i]
  const size_t rows_per_piece = EstimateRows(p, end, source.delimiter) / pieces + 16;
  const size_t threads = std::min<size_t>(std::max(1, context.options.threads), pieces);
  // Pieces parsed ahead of the one the sink waits for: bounds the memory held.
  const size_t max_ahead = threads + 2;

  // Pieces are claimed in order; whichever thread finishes the piece the sink waits
  // for hands it (and any finished ones after it) over, while the others parse on.
  std::mutex mu;
  std::condition_variable cv;
  size_t next_claim = 0, next_deliver = 0;
  bool delivering = false;
  Status failure;
  std::vector<RangeResult> results(pieces);
  std::vector<uint8_t> ready(pieces, 0);
  // Owned by the thread delivering: where the input stands after the pieces handed over.
  const char* position = p;
  int64_t next_line = line;

  // Hands piece i to the sink. Its start is checked against where the previous piece
  // really ended: a piece cut inside a record is parsed again from the true position.
  auto deliver = [&](size_t i) -> Status {
    RangeResult& piece = results[i];
    Batch chunk;
    if (piece.begin == position) {
      ShiftLines(piece.batch, next_line - 1);
      position = piece.next;
      next_line += piece.newlines;
      chunk = std::move(piece.batch);
    } else if (position >= stops[i]) {
      piece.batch = Batch();  // the previous piece's last record covered this one
      return Status::Ok();
    } else {
      RangeResult redo;
      InitColumns(source, redo.batch);
      ParseRange(plan, position, stops[i], end, next_line, progress, redo);
      position = redo.next;
      next_line += redo.newlines;
      chunk = std::move(redo.batch);
      piece.batch = Batch();
    }
    totals.rows_read += chunk.rows_read;
    totals.rows += static_cast<int64_t>(chunk.rows());
    std::move(chunk.rejected.begin(), chunk.rejected.end(), std::back_inserter(totals.rejected));
    chunk.rejected.clear();
    return sink(std::move(chunk));
  };

  auto work = [&] {
    for (;;) {
      size_t i;
      {
        std::unique_lock<std::mutex> lock(mu);
        cv.wait(lock, [&] {
          return !failure.ok() || next_claim >= pieces || next_claim < next_deliver + max_ahead;
        });
        if (!failure.ok() || next_claim >= pieces) return;
        i = next_claim++;
      }
      RangeResult& piece = results[i];
      InitColumns(source, piece.batch);
      ReserveRows(piece.batch, rows_per_piece);
      // Lines are counted from 1 in every piece and shifted when it is handed over.
      stops[i] = piece_start(i + 1);
      ParseRange(plan, piece_start(i), stops[i], end, 1, progress, piece);
      {
        std::lock_guard<std::mutex> lock(mu);
        ready[i] = 1;
        if (delivering) continue;  // the delivering thread will take it
        delivering = true;
      }
      for (;;) {
        size_t k;
        {
          std::lock_guard<std::mutex> lock(mu);
          if (!failure.ok() || next_deliver >= pieces || !ready[next_deliver]) {
            delivering = false;
            break;
          }
          k = next_deliver;
        }
        Status status = deliver(k);
        {
          std::lock_guard<std::mutex> lock(mu);
          ++next_deliver;
          if (!status.ok() && failure.ok()) failure = status;
        }
        cv.notify_all();
      }
      cv.notify_all();
    }
  };
  {
    std::vector<std::thread> helpers;
    for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
    work();
    for (std::thread& helper : helpers) helper.join();
  }
  RETURN_IF_ERROR(failure);
  if (next_deliver != pieces) return Status::Internal("CSV pieces left undelivered");
  return totals;
}

Result<ReadTotals> ReadCsvFileInChunks(const SourceContext& context, const ChunkSink& sink) {
  auto file = MappedFile::Open(context.path);
  if (!file.ok()) {
    return context.Error(file.status().code(),
                         "cannot open " + context.display_path + ": " + file.status().message());
  }
  return ParseCsvInChunks(file->data(), context, sink);
}

}  // namespace northstar::ingest
