// Helpers that fill a Batch row by row: readers append one value per declared column,
// and drop a half-appended row again when a later field of it turns out to be bad.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "catalog/model.h"
#include "ingest/batch.h"

namespace northstar::ingest {

// One empty column per SourceDef::columns entry, typed as declared.
void InitColumns(const catalog::SourceDef& source, Batch& batch);

// Reserves room for `rows` more rows in every column (readers estimate the count).
// The memory for the first `populate_rows` of them (all by default) is mapped right
// away; the rest is mapped when written.
void ReserveRows(Batch& batch, size_t rows, size_t populate_rows = SIZE_MAX);

// Cuts every column back to `rows` values (undoing a partly appended row).
void TruncateColumns(Batch& batch, size_t rows);

void AppendNull(ColumnData& column);

// The values of string column `column`, one per row ("" for null): for tests and for
// comparing batches whose dictionaries may differ.
std::vector<std::string> StringValues(const ColumnData& column);

// Appends the codes of the string rows of `from` (same type kString) after those of
// `into`, merging the dictionaries. Takes `from`'s codes and dictionary; its validity
// is left for the caller to append.
void AppendStrings(ColumnData& into, ColumnData& from);

// Moves the rows and rejects of `tail` after those of `head`; both must have the same
// columns. rows_read and bytes_read add up. String codes of `tail` are renumbered into
// the dictionary of `head` (one lookup per distinct value, not per row).
void AppendBatch(Batch& head, Batch&& tail);

}  // namespace northstar::ingest
