#include "ingest/csv_tokenizer.h"

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace northstar::ingest {

CsvTokenizer::CsvTokenizer(char delimiter) : delimiter_(delimiter) {
  special_[static_cast<unsigned char>(delimiter)] = true;
  special_[static_cast<unsigned char>('\n')] = true;
  special_[static_cast<unsigned char>('\r')] = true;
  special_[static_cast<unsigned char>('"')] = true;
}

// The first separator, quote, CR or LF at or after `p`, or `end`. Sixteen bytes per
// step: unquoted fields are the bulk of every file.
const char* CsvTokenizer::FindSpecial(const char* p, const char* end) const {
#if defined(__SSE2__)
  const __m128i delimiter = _mm_set1_epi8(delimiter_);
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i carriage = _mm_set1_epi8('\r');
  const __m128i quote = _mm_set1_epi8('"');
  while (end - p >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, delimiter), _mm_cmpeq_epi8(v, newline)),
                                      _mm_or_si128(_mm_cmpeq_epi8(v, carriage), _mm_cmpeq_epi8(v, quote)));
    const int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return p + __builtin_ctz(static_cast<unsigned>(mask));
    p += 16;
  }
#endif
  while (p < end && !special_[static_cast<unsigned char>(*p)]) ++p;
  return p;
}

void CsvTokenizer::Next(const char* p, const char* end, CsvRecord& record) {
  record.begin = p;
  record.newlines = 0;
  record.error = RecordError::kNone;
  record.fields.clear();
  unescaped_.clear();
  pending_.clear();

  const char* field_start = p;
  while (true) {
    if (p < end && *p == '"' && p == field_start) {
      // Quoted field: runs to the next quote not followed by another quote.
      const char* q = p + 1;
      const char* piece = q;
      bool has_doubled = false;
      bool closed = false;
      while (true) {
        const char* hit = static_cast<const char*>(std::memchr(q, '"', end - q));
        if (hit == nullptr) {
          record.newlines += std::count(q, end, '\n');
          q = end;
          break;
        }
        record.newlines += std::count(q, hit, '\n');
        if (hit + 1 < end && hit[1] == '"') {
          if (!has_doubled) pending_.push_back({record.fields.size(), unescaped_.size(), 0});
          has_doubled = true;
          unescaped_.append(piece, hit + 1);  // keep one quote
          q = hit + 2;
          piece = q;
          continue;
        }
        q = hit + 1;
        closed = true;
        if (has_doubled) unescaped_.append(piece, hit);
        // Field text for the plain case: between the quotes.
        if (!has_doubled) record.fields.emplace_back(piece, hit - piece);
        break;
      }
      if (!closed) {
        record.error = RecordError::kUnterminatedQuote;
        if (has_doubled) {
          unescaped_.append(piece, end);
          record.fields.emplace_back();
          pending_.back().length = unescaped_.size() - pending_.back().offset;
        } else {
          record.fields.emplace_back(piece, end - piece);
        }
        record.end = end;
        record.next = end;
        break;
      }
      if (has_doubled) {
        // Placeholder; pointed at unescaped_ once the record is complete (the buffer
        // may still grow and move until then).
        record.fields.emplace_back();
        pending_.back().length = unescaped_.size() - pending_.back().offset;
      }
      p = q;
      if (p == end) {
        record.end = end;
        record.next = end;
        break;
      }
      const char c = *p;
      if (c == delimiter_) {
        ++p;
        field_start = p;
        continue;
      }
      if (c == '\n' || (c == '\r' && (p + 1 == end || p[1] == '\n'))) {
        record.end = p;
        if (c == '\r') ++p;
        if (p < end) {
          ++p;
          ++record.newlines;
        }
        record.next = p;
        break;
      }
      // Text after the closing quote: keep reading the field as plain text so the
      // record still ends where a reader would expect, but mark it malformed.
      record.error = RecordError::kTextAfterQuote;
      record.fields.pop_back();
      if (has_doubled) pending_.pop_back();
      field_start = p;  // the rest of the field (quote included) is reported raw
      // fall through to the unquoted scan below, which will not re-enter this branch
      // because p != field_start after the first special character.
    }

    const char* hit = FindSpecial(p, end);
    if (hit == end) {
      record.fields.emplace_back(field_start, end - field_start);
      record.end = end;
      record.next = end;
      break;
    }
    const char c = *hit;
    if (c == delimiter_) {
      record.fields.emplace_back(field_start, hit - field_start);
      p = hit + 1;
      field_start = p;
      continue;
    }
    if (c == '\n') {
      record.fields.emplace_back(field_start, hit - field_start);
      record.end = hit;
      record.next = hit + 1;
      ++record.newlines;
      break;
    }
    if (c == '\r') {
      if (hit + 1 == end || hit[1] == '\n') {
        record.fields.emplace_back(field_start, hit - field_start);
        record.end = hit;
        record.next = hit + 1 == end ? end : hit + 2;
        if (hit + 1 != end) ++record.newlines;
        break;
      }
      p = hit + 1;  // a lone CR is data
      continue;
    }
    // A quote: opens a quoted field only at the field's first byte.
    if (hit == field_start) {
      p = hit;
      continue;
    }
    p = hit + 1;
  }

  // Point the fields that had doubled quotes at their unescaped text.
  for (const PendingField& pending : pending_) {
    record.fields[pending.index] = std::string_view(unescaped_.data() + pending.offset, pending.length);
  }
}

}  // namespace northstar::ingest
