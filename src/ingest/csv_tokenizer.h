// Splits CSV bytes into records and fields (RFC 4180 plus what real files carry: CRLF
// or LF line ends, a custom separator, quoted fields holding separators, line breaks
// and doubled quotes). It only finds field boundaries; typing is the reader's job.
//
// Lenient where files commonly deviate and no data is lost by it: a quote inside an
// unquoted field is an ordinary character (`5" screen`), and a lone CR not followed by
// LF is data. Strict where guessing would corrupt data: text after a closing quote and
// a quoted field that never closes make the record malformed.
//
// Not thread-safe; use one tokenizer per thread over a shared read-only buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace northstar::ingest {

enum class RecordError {
  kNone,
  kUnterminatedQuote,  // a quoted field runs to the end of the input
  kTextAfterQuote,     // e.g. `"abc"def` — a closing quote not followed by a separator
};

struct CsvRecord {
  const char* begin = nullptr;  // first byte of the record
  const char* end = nullptr;    // one past its last byte, terminator excluded
  const char* next = nullptr;   // where the following record starts
  int64_t newlines = 0;         // LF bytes consumed, terminator included (for line numbers)
  RecordError error = RecordError::kNone;
  std::vector<std::string_view> fields;  // unquoted, with doubled quotes undone

  // An empty line, or one holding nothing but separators (the "empty row" spreadsheets
  // write), carries no data and is not a record. Quoted empty fields ("") are data.
  bool blank() const { return end - begin == static_cast<std::ptrdiff_t>(fields.size()) - 1; }
  std::string_view text() const { return {begin, static_cast<size_t>(end - begin)}; }
};

class CsvTokenizer {
 public:
  explicit CsvTokenizer(char delimiter);

  // Reads the record starting at `p` (< `end`) into `record`. Field views point into
  // the input or, for fields with doubled quotes, into a buffer owned by the tokenizer
  // that stays valid until the next call.
  void Next(const char* p, const char* end, CsvRecord& record);

 private:
  const char* FindSpecial(const char* p, const char* end) const;

  char delimiter_;
  bool special_[256] = {};
  std::string unescaped_;  // doubled quotes undone
  struct PendingField {
    size_t index;   // in CsvRecord::fields
    size_t offset;  // in unescaped_
    size_t length;
  };
  std::vector<PendingField> pending_;
};

}  // namespace northstar::ingest
