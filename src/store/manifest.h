// The manifest: the complete description of one committed state of a source (which
// segment files hold its rows, which of those rows are superseded, the edit log, the
// schema). A commit writes a new manifest file and then switches CURRENT to name it,
// so a state is either fully visible or not at all. Layout in docs/store-format.md.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/column_values.h"

namespace northstar::store {

struct SegmentEntry {
  uint64_t file_number = 0;
  uint64_t rows = 0;
  // Rows superseded by later versions: bit i (LSB first) set = row i is dead. Empty
  // when no row of this segment is dead; otherwise (rows + 7) / 8 bytes.
  std::string deleted;
  uint64_t deleted_count = 0;
  // Size and checksum (file_crc: see SetChecksum; not a CRC) of the whole segment file,
  // so `verify` can tell it is the very file this entry names (a sound segment copied
  // over another passes every block check). Absent in entries of version 1 manifests.
  bool has_checksum = false;
  uint32_t file_crc = 0;
  uint64_t file_size = 0;

  void SetChecksum(const std::string& file_bytes);

  bool IsDeleted(uint64_t row) const {
    return !deleted.empty() && ((static_cast<uint8_t>(deleted[row / 8]) >> (row % 8)) & 1);
  }
  void MarkDeleted(uint64_t row);
};

struct Manifest {
  uint64_t number = 0;  // file number of this manifest (MANIFEST-<number>)
  std::vector<ColumnSchema> schema;
  std::string key_column;   // empty = append-only source
  std::string time_column;  // empty = snapshot source
  uint64_t next_file_number = 1;
  int64_t next_batch_id = 1;
  std::vector<SegmentEntry> segments;       // data segments, oldest first
  std::vector<SegmentEntry> edit_segments;  // edit-log segments (never have deletions)

  uint64_t live_rows() const;
  uint64_t edit_rows() const;
};

std::string EncodeManifest(const Manifest& m);
// `path` only names the file in error messages.
Result<Manifest> DecodeManifest(const std::string& bytes, const std::string& path);

// File names inside a source directory.
std::string ManifestFileName(uint64_t number);  // MANIFEST-000007
std::string SegmentFileName(uint64_t number);   // SEG-000007.nss
std::string EditFileName(uint64_t number);      // EDIT-000007.nss

// CURRENT's content: the manifest's file name and a CRC-32C of that name.
std::string EncodeCurrent(uint64_t manifest_number);
Result<uint64_t> DecodeCurrent(const std::string& bytes, const std::string& path);

}  // namespace northstar::store
