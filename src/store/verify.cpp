#include "store/verify.h"

#include <algorithm>
#include <filesystem>

#include "store/commit_support.h"
#include "store/file_io.h"
#include "store/file_system.h"
#include "store/manifest.h"
#include "store/segment.h"

namespace northstar::store {
namespace {

// Reads one segment whole; the first error it meets, or OK.
Status VerifySegment(const std::string& path, const SegmentEntry& entry,
                     const std::vector<ColumnSchema>& schema, bool edit_log) {
  Result<std::shared_ptr<const SegmentReader>> segment = SegmentReader::Open(path);
  if (!segment.ok()) {
    if (segment.status().code() == StatusCode::kNotFound)
      return Status::Corruption(path + ": named by the manifest but missing");
    return segment.status();
  }
  if ((*segment)->rows() != entry.rows) {
    return Status::Corruption(path + ": holds " + std::to_string((*segment)->rows()) +
                              " rows, the manifest says " + std::to_string(entry.rows));
  }
  for (size_t c = 0; c < (*segment)->schema().size(); ++c) {
    const ColumnSchema& column = (*segment)->schema()[c];
    if (!edit_log) {
      bool known = false;
      for (const ColumnSchema& s : schema) known = known || (s.name == column.name && s.type == column.type);
      if (!known)
        return Status::Corruption(path + ": column '" + column.name + "' is not in the manifest's schema");
    }
    RETURN_IF_ERROR((*segment)->ReadColumn(c).status());
  }
  // Every block is sound; is it the file the manifest names (not another segment's)?
  if (entry.has_checksum) {
    ASSIGN_OR_RETURN(std::string bytes, ReadWholeFile(path));
    SegmentEntry actual;
    actual.SetChecksum(bytes);
    if (actual.file_size != entry.file_size || actual.file_crc != entry.file_crc) {
      return Status::Corruption(path + ": is not the file the manifest names (its size or checksum differs)");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<StoreVerification> VerifyStore(const std::string& dir) {
  StoreVerification out;
  if (!std::filesystem::exists(dir)) return out;  // nothing ingested yet
  ASSIGN_OR_RETURN(std::vector<std::string> names, ListDir(dir));
  std::sort(names.begin(), names.end());
  for (const std::string& source : names) {
    const std::string source_dir = Join(dir, source);
    if (!std::filesystem::is_directory(source_dir)) continue;  // LOCK
    Result<Manifest> manifest = LoadManifest(*DefaultFileSystem(), source_dir);
    if (!manifest.ok() && manifest.status().code() == StatusCode::kNotFound) continue;
    ++out.sources;
    out.files += 2;  // CURRENT and the manifest
    if (!manifest.ok()) {
      // The message names the file (CURRENT or the manifest); the path is the folder's.
      out.damaged.push_back({source, Join(source_dir, "CURRENT"), manifest.status().message()});
      continue;
    }
    for (bool edit_log : {false, true}) {
      for (const SegmentEntry& entry : edit_log ? manifest->edit_segments : manifest->segments) {
        const std::string path =
            Join(source_dir, edit_log ? EditFileName(entry.file_number) : SegmentFileName(entry.file_number));
        ++out.files;
        Status s = VerifySegment(path, entry, manifest->schema, edit_log);
        if (!s.ok()) out.damaged.push_back({source, path, s.message()});
      }
    }
  }
  return out;
}

}  // namespace northstar::store
