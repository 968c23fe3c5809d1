#include "store/segment.h"

#include <zstd.h>

#include <cstring>
#include <memory>
#include <vector>

#include "store/coding.h"
#include "store/column_codec.h"
#include "store/crc32c.h"

namespace northstar::store {
namespace {

constexpr uint64_t kSegmentMagic = 0x31304745534E534EULL;  // "NSNSEG01" little-endian
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kTrailerSize = 24;
constexpr uint8_t kRaw = 0, kZstd = 1;

// Appends `raw` as one block (payload, compression byte, CRC-32C) and returns the
// stored payload size.
uint64_t AppendBlock(std::string& out, const std::string& raw, int level) {
  // One compression context per thread: creating one per block costs more than
  // compressing a small block.
  struct CctxDeleter {
    void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
  };
  thread_local std::unique_ptr<ZSTD_CCtx, CctxDeleter> cctx(ZSTD_createCCtx());
  // Compressed into a per-thread buffer, then appended: growing `out` by the bound
  // first would zero about as many bytes as the raw block has.
  thread_local std::vector<char> scratch;
  const size_t bound = ZSTD_compressBound(raw.size());
  if (scratch.size() < bound) scratch.resize(bound);
  const size_t start = out.size();
  size_t n = cctx ? ZSTD_compressCCtx(cctx.get(), scratch.data(), bound, raw.data(), raw.size(), level)
                  : ZSTD_compress(scratch.data(), bound, raw.data(), raw.size(), level);
  uint8_t type = kZstd;
  if (ZSTD_isError(n) || n >= raw.size()) {
    n = raw.size();  // incompressible: store as is
    out.append(raw);
    type = kRaw;
  } else {
    out.append(scratch.data(), n);
  }
  PutFixed<uint8_t>(out, type);
  PutFixed<uint32_t>(out, Crc32c(out.data() + start, n + 1));
  return n;
}

}  // namespace

std::string BuildSegment(const std::vector<ColumnSchema>& schema, const std::vector<ColumnValues>& columns,
                         int zstd_level) {
  std::vector<ColumnView> views;
  views.reserve(columns.size());
  for (const ColumnValues& c : columns) views.push_back(ColumnView::Of(c));
  return BuildSegment(schema, views, zstd_level);
}

std::string BuildSegment(const std::vector<ColumnSchema>& schema, const std::vector<ColumnView>& columns,
                         int zstd_level) {
  std::string file;
  std::string footer;
  uint64_t rows = columns.empty() ? 0 : columns[0].size();
  PutFixed<uint32_t>(footer, kFormatVersion);
  PutFixed<uint64_t>(footer, rows);
  PutFixed<uint32_t>(footer, static_cast<uint32_t>(schema.size()));
  for (size_t c = 0; c < schema.size(); ++c) {
    PutString(footer, schema[c].name);
    PutFixed<uint8_t>(footer, static_cast<uint8_t>(schema[c].type));
    std::vector<RawBlock> blocks = EncodeColumn(columns[c]);
    PutFixed<uint8_t>(footer, static_cast<uint8_t>(blocks.size()));
    for (const RawBlock& b : blocks) {
      uint64_t offset = file.size();
      uint64_t stored = AppendBlock(file, b.bytes, zstd_level);
      PutFixed<uint8_t>(footer, static_cast<uint8_t>(b.role));
      PutFixed<uint64_t>(footer, offset);
      PutFixed<uint64_t>(footer, stored);
      PutFixed<uint64_t>(footer, b.bytes.size());
    }
  }
  uint64_t footer_offset = file.size();
  file.append(footer);
  PutFixed<uint64_t>(file, footer_offset);
  PutFixed<uint32_t>(file, static_cast<uint32_t>(footer.size()));
  PutFixed<uint32_t>(file, Crc32c(footer.data(), footer.size()));
  PutFixed<uint64_t>(file, kSegmentMagic);
  return file;
}

Status SegmentReader::Fail(const std::string& what) const {
  return Status::Corruption(file_->path() + ": " + what);
}

Result<std::shared_ptr<const SegmentReader>> SegmentReader::Open(const std::string& path) {
  std::shared_ptr<SegmentReader> reader(new SegmentReader());  // private ctor
  ASSIGN_OR_RETURN(reader->file_, MappedFile::Open(path));
  RETURN_IF_ERROR(reader->ParseFooter());
  return std::shared_ptr<const SegmentReader>(std::move(reader));
}

Status SegmentReader::ParseFooter() {
  size_t size = file_->size();
  if (size < kTrailerSize) return Fail("truncated: " + std::to_string(size) + " bytes, no trailer");
  ByteReader trailer(file_->data() + size - kTrailerSize, kTrailerSize);
  uint64_t footer_offset = trailer.Fixed<uint64_t>();
  uint32_t footer_size = trailer.Fixed<uint32_t>();
  uint32_t footer_crc = trailer.Fixed<uint32_t>();
  uint64_t magic = trailer.Fixed<uint64_t>();
  if (magic != kSegmentMagic) return Fail("trailer: bad magic number (truncated or not a segment)");
  if (footer_offset > size - kTrailerSize || footer_size != size - kTrailerSize - footer_offset) {
    return Fail("trailer: footer position out of range");
  }
  const char* footer_data = file_->data() + footer_offset;
  if (Crc32c(footer_data, footer_size) != footer_crc) return Fail("footer: checksum mismatch");
  data_end_ = footer_offset;

  ByteReader in(footer_data, footer_size);
  uint32_t version = in.Fixed<uint32_t>();
  if (version != kFormatVersion) return Fail("footer: unsupported format version " + std::to_string(version));
  rows_ = in.Fixed<uint64_t>();
  uint32_t ncols = in.Fixed<uint32_t>();
  if (!in.ok() || ncols > in.remaining()) return Fail("footer: malformed");
  uint32_t block_index = 0;
  for (uint32_t c = 0; c < ncols && in.ok(); ++c) {
    ColumnSchema col;
    col.name = in.String();
    uint8_t type = in.Fixed<uint8_t>();
    if (type > static_cast<uint8_t>(ColumnType::kTimestamp)) return Fail("footer: unknown column type");
    col.type = static_cast<ColumnType>(type);
    uint8_t nblocks = in.Fixed<uint8_t>();
    std::vector<BlockRef> refs;
    for (uint8_t b = 0; b < nblocks && in.ok(); ++b) {
      BlockRef r;
      r.role = in.Fixed<uint8_t>();
      r.offset = in.Fixed<uint64_t>();
      r.stored_size = in.Fixed<uint64_t>();
      r.raw_size = in.Fixed<uint64_t>();
      r.index = block_index++;
      if (r.offset > data_end_ || r.stored_size > data_end_ - r.offset ||
          data_end_ - r.offset - r.stored_size < 5) {
        return Fail("footer: block " + std::to_string(r.index) + " out of range");
      }
      refs.push_back(r);
    }
    schema_.push_back(std::move(col));
    blocks_.push_back(std::move(refs));
  }
  if (!in.ok() || in.remaining() != 0) return Fail("footer: malformed");
  return Status::Ok();
}

int SegmentReader::FindColumn(const std::string& name) const {
  for (size_t i = 0; i < schema_.size(); ++i) {
    if (schema_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Result<ColumnValues> SegmentReader::ReadColumn(size_t column) const {
  const ColumnSchema& col = schema_[column];
  std::vector<RawBlock> raws;
  for (const BlockRef& r : blocks_[column]) {
    std::string where = "block " + std::to_string(r.index) + " (column '" + col.name + "', " +
                        BlockRoleName(static_cast<BlockRole>(r.role)) + ")";
    const char* p = file_->data() + r.offset;
    uint8_t type = static_cast<uint8_t>(p[r.stored_size]);
    uint32_t crc;
    std::memcpy(&crc, p + r.stored_size + 1, 4);
    if (Crc32c(p, r.stored_size + 1) != crc) return Fail(where + ": checksum mismatch");
    if (r.role < 1 || r.role > 3) return Fail(where + ": unknown block role");
    if (r.raw_size > (uint64_t{1} << 36)) return Fail(where + ": implausible size");
    RawBlock raw{static_cast<BlockRole>(r.role), std::string(r.raw_size, '\0')};
    if (type == kRaw) {
      if (r.stored_size != r.raw_size) return Fail(where + ": size mismatch");
      raw.bytes.assign(p, r.stored_size);
    } else if (type == kZstd) {
      size_t n = ZSTD_decompress(raw.bytes.data(), raw.bytes.size(), p, r.stored_size);
      if (ZSTD_isError(n) || n != r.raw_size) return Fail(where + ": does not decompress");
    } else {
      return Fail(where + ": unknown compression");
    }
    raws.push_back(std::move(raw));
  }
  Result<ColumnValues> decoded = DecodeColumn(col.type, rows_, raws);
  if (!decoded.ok()) return Fail("column '" + col.name + "': " + decoded.status().message());
  return decoded;
}

}  // namespace northstar::store
