// Helpers that fill a Batch row by row: readers append one value per declared column,
// and drop a half-appended row again when a later field of it turns out to be bad.
#pragma once

#include <cstddef>

#include "catalog/model.h"
#include "ingest/batch.h"

namespace northstar::ingest {

// One empty column per SourceDef::columns entry, typed as declared.
void InitColumns(const catalog::SourceDef& source, Batch& batch);

// Reserves room for `rows` more rows in every column (readers estimate the count).
void ReserveRows(Batch& batch, size_t rows);

// Cuts every column back to `rows` values (undoing a partly appended row).
void TruncateColumns(Batch& batch, size_t rows);

void AppendNull(ColumnData& column);

// Moves the rows and rejects of `tail` after those of `head`; both must have the same
// columns. rows_read and bytes_read add up.
void AppendBatch(Batch& head, Batch&& tail);

}  // namespace northstar::ingest
