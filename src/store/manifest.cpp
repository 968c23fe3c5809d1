#include "store/manifest.h"

#include <zstd.h>

#include <cinttypes>
#include <cstdio>
#include <cstring>

#include "store/coding.h"
#include "store/crc32c.h"

namespace northstar::store {
namespace {

constexpr uint64_t kManifestMagic = 0x31464E4D534E534EULL;  // "NSNSMNF1" little-endian
// Version 2 added each segment's file checksum; version 1 manifests still read.
constexpr uint32_t kFormatVersion = 2;

void PutEntry(std::string& out, const SegmentEntry& e) {
  PutFixed<uint64_t>(out, e.file_number);
  PutFixed<uint64_t>(out, e.rows);
  PutFixed<uint64_t>(out, e.deleted_count);
  PutString(out, e.deleted);
  PutFixed<uint8_t>(out, e.has_checksum ? 1 : 0);
  PutFixed<uint32_t>(out, e.file_crc);
  PutFixed<uint64_t>(out, e.file_size);
}

bool GetEntry(ByteReader& in, uint32_t version, SegmentEntry* e) {
  e->file_number = in.Fixed<uint64_t>();
  e->rows = in.Fixed<uint64_t>();
  e->deleted_count = in.Fixed<uint64_t>();
  e->deleted = in.String();
  if (version >= 2) {
    const uint8_t has = in.Fixed<uint8_t>();
    if (has > 1) return false;
    e->has_checksum = has == 1;
    e->file_crc = in.Fixed<uint32_t>();
    e->file_size = in.Fixed<uint64_t>();
  }
  if (!in.ok()) return false;
  if (e->deleted.empty()) return e->deleted_count == 0;
  if (e->deleted.size() != (e->rows + 7) / 8) return false;
  uint64_t count = 0;
  for (uint64_t r = 0; r < e->rows; ++r) count += e->IsDeleted(r);
  return count == e->deleted_count;
}

std::string NumberedName(const char* prefix, uint64_t number, const char* suffix) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s%06" PRIu64 "%s", prefix, number, suffix);
  return buf;
}

}  // namespace

namespace {

// Not a CRC: every block of a segment ends with its own CRC-32C, and a CRC running over
// a block and the block's CRC reaches the same state whatever the block held, so a
// whole-file CRC would only see the footer (two segments of one shape would agree). A
// multiplicative hash over 8-byte words has no such blind spot.
uint32_t WholeFileChecksum(std::string_view bytes) {
  constexpr uint64_t kPrime = 0x100000001b3ULL;
  uint64_t h = 0xcbf29ce484222325ULL ^ bytes.size();
  size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * kPrime;
    h ^= h >> 29;
  }
  for (; i < bytes.size(); ++i) h = (h ^ static_cast<uint8_t>(bytes[i])) * kPrime;
  return static_cast<uint32_t>(h ^ (h >> 32));
}

}  // namespace

void SegmentEntry::SetChecksum(const std::string& file_bytes) {
  has_checksum = true;
  file_crc = WholeFileChecksum(file_bytes);
  file_size = file_bytes.size();
}

void SegmentEntry::MarkDeleted(uint64_t row) {
  if (deleted.empty()) deleted.assign((rows + 7) / 8, '\0');
  if (IsDeleted(row)) return;
  deleted[row / 8] = static_cast<char>(deleted[row / 8] | (1 << (row % 8)));
  ++deleted_count;
}

uint64_t Manifest::live_rows() const {
  uint64_t n = 0;
  for (const SegmentEntry& e : segments) n += e.rows - e.deleted_count;
  return n;
}

uint64_t Manifest::edit_rows() const {
  uint64_t n = 0;
  for (const SegmentEntry& e : edit_segments) n += e.rows;
  return n;
}

std::string EncodeManifest(const Manifest& m) {
  std::string body;
  PutFixed<uint64_t>(body, m.number);
  PutFixed<uint32_t>(body, static_cast<uint32_t>(m.schema.size()));
  for (const ColumnSchema& c : m.schema) {
    PutString(body, c.name);
    PutFixed<uint8_t>(body, static_cast<uint8_t>(c.type));
  }
  PutString(body, m.key_column);
  PutString(body, m.time_column);
  PutFixed<uint64_t>(body, m.next_file_number);
  PutFixed<int64_t>(body, m.next_batch_id);
  PutFixed<uint32_t>(body, static_cast<uint32_t>(m.segments.size()));
  for (const SegmentEntry& e : m.segments) PutEntry(body, e);
  PutFixed<uint32_t>(body, static_cast<uint32_t>(m.edit_segments.size()));
  for (const SegmentEntry& e : m.edit_segments) PutEntry(body, e);

  std::string compressed(ZSTD_compressBound(body.size()), '\0');
  size_t n = ZSTD_compress(compressed.data(), compressed.size(), body.data(), body.size(), 3);
  compressed.resize(ZSTD_isError(n) ? 0 : n);

  std::string out;
  PutFixed<uint64_t>(out, kManifestMagic);
  PutFixed<uint32_t>(out, kFormatVersion);
  PutFixed<uint64_t>(out, body.size());
  PutFixed<uint64_t>(out, compressed.size());
  out.append(compressed);
  PutFixed<uint32_t>(out, Crc32c(out.data(), out.size()));
  return out;
}

Result<Manifest> DecodeManifest(const std::string& bytes, const std::string& path) {
  auto fail = [&](const std::string& what) { return Status::Corruption(path + ": " + what); };
  if (bytes.size() < 32) return fail("truncated (" + std::to_string(bytes.size()) + " bytes)");
  uint32_t stored_crc;
  std::memcpy(&stored_crc, bytes.data() + bytes.size() - 4, 4);
  if (Crc32c(bytes.data(), bytes.size() - 4) != stored_crc) return fail("checksum mismatch");
  ByteReader head(bytes.data(), bytes.size() - 4);
  if (head.Fixed<uint64_t>() != kManifestMagic) return fail("bad magic number");
  uint32_t version = head.Fixed<uint32_t>();
  if (version < 1 || version > kFormatVersion)
    return fail("unsupported format version " + std::to_string(version));
  uint64_t raw_size = head.Fixed<uint64_t>();
  uint64_t stored_size = head.Fixed<uint64_t>();
  if (!head.ok() || stored_size != head.remaining() || raw_size > (uint64_t{1} << 34))
    return fail("malformed header");
  std::string_view compressed = head.Bytes(stored_size);
  std::string body(raw_size, '\0');
  size_t n = ZSTD_decompress(body.data(), body.size(), compressed.data(), compressed.size());
  if (ZSTD_isError(n) || n != raw_size) return fail("body does not decompress");

  ByteReader in(body);
  Manifest m;
  m.number = in.Fixed<uint64_t>();
  uint32_t ncols = in.Fixed<uint32_t>();
  for (uint32_t c = 0; c < ncols && in.ok(); ++c) {
    ColumnSchema col;
    col.name = in.String();
    uint8_t type = in.Fixed<uint8_t>();
    if (type > static_cast<uint8_t>(ColumnType::kTimestamp)) return fail("unknown column type");
    col.type = static_cast<ColumnType>(type);
    m.schema.push_back(std::move(col));
  }
  m.key_column = in.String();
  m.time_column = in.String();
  m.next_file_number = in.Fixed<uint64_t>();
  m.next_batch_id = in.Fixed<int64_t>();
  for (auto* list : {&m.segments, &m.edit_segments}) {
    uint32_t count = in.Fixed<uint32_t>();
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
      SegmentEntry e;
      if (!GetEntry(in, version, &e)) return fail("malformed segment entry " + std::to_string(i));
      list->push_back(std::move(e));
    }
  }
  if (!in.ok() || in.remaining() != 0) return fail("malformed body");
  return m;
}

std::string ManifestFileName(uint64_t number) {
  return NumberedName("MANIFEST-", number, "");
}
std::string SegmentFileName(uint64_t number) {
  return NumberedName("SEG-", number, ".nss");
}
std::string EditFileName(uint64_t number) {
  return NumberedName("EDIT-", number, ".nss");
}

std::string EncodeCurrent(uint64_t manifest_number) {
  std::string name = ManifestFileName(manifest_number);
  char crc[16];
  std::snprintf(crc, sizeof(crc), "%08x", Crc32c(name.data(), name.size()));
  return name + " " + crc + "\n";
}

Result<uint64_t> DecodeCurrent(const std::string& bytes, const std::string& path) {
  // "MANIFEST-000007 1a2b3c4d\n"
  size_t space = bytes.find(' ');
  if (space == std::string::npos || bytes.size() != space + 10 || bytes.back() != '\n') {
    return Status::Corruption(path + ": malformed (expected 'MANIFEST-<n> <crc32c>')");
  }
  std::string name = bytes.substr(0, space);
  char expected[16];
  std::snprintf(expected, sizeof(expected), "%08x", Crc32c(name.data(), name.size()));
  if (bytes.compare(space + 1, 8, expected) != 0) return Status::Corruption(path + ": checksum mismatch");
  uint64_t number = 0;
  if (name.rfind("MANIFEST-", 0) != 0 || name.size() <= 9)
    return Status::Corruption(path + ": malformed name");
  for (size_t i = 9; i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9') return Status::Corruption(path + ": malformed name");
    number = number * 10 + static_cast<uint64_t>(name[i] - '0');
  }
  return number;
}

}  // namespace northstar::store
