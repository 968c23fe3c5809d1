#include "store/commit_support.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "store/file_system.h"

namespace northstar::store {
namespace {

constexpr int kManifestRetries = 8;

bool IsStoreFile(const std::string& name) {
  return name.rfind("SEG-", 0) == 0 || name.rfind("EDIT-", 0) == 0 || name.rfind("MANIFEST-", 0) == 0;
}

// CURRENT is missing: a source never committed (NotFound) or one that lost it.
Status MissingCurrent(FileSystem& fs, const std::string& source_dir, const std::string& current_path) {
  Result<std::vector<std::string>> names = fs.ListDir(source_dir);
  if (!names.ok()) return Status::NotFound(current_path + " does not exist");
  std::vector<std::string> files;
  bool loading = false;
  for (const std::string& name : *names) {
    if (name == kLoadingMarker) loading = true;
    if (IsStoreFile(name)) files.push_back(name);
  }
  if (loading || files.empty()) return Status::NotFound(current_path + " does not exist");
  std::sort(files.begin(), files.end());
  std::string listed = files.front();
  if (files.size() > 1) listed += " and " + std::to_string(files.size() - 1) + " more";
  return Status::Corruption(current_path + " is missing, but the folder holds the source's store files (" +
                            listed +
                            "); its rows cannot be read and nothing was changed. Restore the folder from a "
                            "backup, or remove " +
                            source_dir + " and ingest the source again");
}

}  // namespace

Status ValidateSourceId(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 200 && id[0] != '.';
  for (char c : id)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.');
  if (!ok) {
    return Status::InvalidArgument("source id '" + id +
                                   "' can not name a store directory (use letters, digits, '_', '-', '.')");
  }
  return Status::Ok();
}

Status ValidateBatch(const catalog::SourceDef& source, const ingest::Batch& batch) {
  auto bad = [&](const std::string& what) {
    return Status::InvalidArgument("batch for source '" + source.id + "': " + what);
  };
  if (batch.columns.size() != source.columns.size()) {
    return bad(std::to_string(batch.columns.size()) + " columns, the source declares " +
               std::to_string(source.columns.size()));
  }
  std::set<std::string> names;
  size_t rows = batch.rows();
  for (size_t c = 0; c < batch.columns.size(); ++c) {
    const ingest::ColumnData& col = batch.columns[c];
    const std::string& name = source.columns[c].name;
    if (!names.insert(name).second) return bad("column '" + name + "' declared twice");
    if (name == kChangedAt || name == kBatchId) return bad("column name '" + name + "' is reserved");
    if (col.type != source.columns[c].type)
      return bad("column '" + name + "' has a different type than declared");
    size_t payload = UsesInts(col.type)               ? col.ints.size()
                     : col.type == ColumnType::kFloat ? col.floats.size()
                                                      : col.codes.size();
    if (col.valid.size() != rows || payload != rows) {
      return bad("column '" + name + "' has " + std::to_string(col.valid.size()) + " rows, expected " +
                 std::to_string(rows));
    }
    if (col.type == ColumnType::kString) {
      const uint32_t words = static_cast<uint32_t>(col.dictionary.size());
      uint8_t outside = 0;
      for (size_t r = 0; r < rows; ++r)
        outside |= static_cast<uint8_t>(col.valid[r] & (col.codes[r] >= words));
      if (outside) return bad("string column '" + name + "' has a code outside its dictionary");
    }
    if (col.type == ColumnType::kBool) {
      for (size_t r = 0; r < rows; ++r) {
        if (col.valid[r] && col.ints[r] != 0 && col.ints[r] != 1)
          return bad("bool column '" + name + "' holds " + std::to_string(col.ints[r]));
      }
    }
  }
  if (!source.key.empty() && !names.count(source.key)) {
    return bad("key column '" + source.key + "' is not among the columns");
  }
  return Status::Ok();
}

// The key of a row as a hashable value: ints, timestamps, bools and float bit
// patterns as int64; strings as themselves.
bool KeyIsString(ColumnType t) {
  return t == ColumnType::kString;
}
int64_t IntKey(const ingest::ColumnData& c, size_t r) {
  if (c.type == ColumnType::kFloat) {
    int64_t bits;
    std::memcpy(&bits, &c.floats[r], sizeof(bits));
    return bits;
  }
  return c.ints[r];
}
int64_t IntKey(const ColumnValues& c, size_t r) {
  if (c.type == ColumnType::kFloat) {
    int64_t bits;
    std::memcpy(&bits, &c.floats[r], sizeof(bits));
    return bits;
  }
  return c.ints[r];
}

// Rows [begin, end) of string column `b` with a dictionary of only the values they
// use (a segment must not carry the whole batch's dictionary): the batch is already
// dictionary-encoded, so this renumbers codes instead of hashing strings.
ColumnValues SegmentStrings(const ingest::ColumnData& b, size_t begin, size_t end) {
  constexpr uint32_t kUnset = 0xFFFFFFFFu;
  std::vector<uint32_t> remap(b.dictionary.size(), kUnset);
  ColumnValues v;
  v.type = ColumnType::kString;
  v.valid.assign(b.valid.begin() + begin, b.valid.begin() + end);
  v.codes.resize(end - begin);
  for (size_t i = begin; i < end; ++i) {
    uint32_t code = 0;
    if (b.valid[i]) {
      uint32_t& slot = remap[b.codes[i]];
      if (slot == kUnset) {
        slot = static_cast<uint32_t>(v.dictionary.size());
        v.dictionary.push_back(b.dictionary[b.codes[i]]);
      }
      code = slot;
    }
    v.codes[i - begin] = code;
  }
  return v;
}

std::string Join(const std::string& dir, const std::string& name) {
  return dir + "/" + name;
}

// Reads CURRENT and the manifest it names. NotFound when the source has no CURRENT.
// A manifest that disappears between the two reads was replaced by a concurrent
// commit: read CURRENT again.
Result<Manifest> LoadManifest(FileSystem& fs, const std::string& source_dir) {
  std::string current_path = Join(source_dir, "CURRENT");
  for (int attempt = 0;; ++attempt) {
    Result<std::string> current = fs.ReadFile(current_path);
    if (!current.ok()) {
      if (current.status().code() == StatusCode::kNotFound)
        return MissingCurrent(fs, source_dir, current_path);
      return current.status();
    }
    ASSIGN_OR_RETURN(uint64_t number, DecodeCurrent(*current, current_path));
    std::string path = Join(source_dir, ManifestFileName(number));
    Result<std::string> bytes = fs.ReadFile(path);
    if (bytes.ok()) {
      ASSIGN_OR_RETURN(Manifest m, DecodeManifest(*bytes, path));
      if (m.number != number)
        return Status::Corruption(path + ": names itself manifest " + std::to_string(m.number));
      return m;
    }
    if (bytes.status().code() != StatusCode::kNotFound || attempt >= kManifestRetries) {
      if (bytes.status().code() == StatusCode::kNotFound) {
        return Status::Corruption(current_path + " names " + ManifestFileName(number) + ", which is missing");
      }
      return bytes.status();
    }
  }
}

// Removes the files a killed commit may have left: segments, edit logs and manifests
// the live manifest does not name, and temporary CURRENT files. Call with the lock held.
Status RemoveGarbage(FileSystem& fs, const std::string& source_dir, const std::optional<Manifest>& live) {
  std::set<std::string> keep;
  if (live) {
    keep.insert(ManifestFileName(live->number));
    for (const SegmentEntry& e : live->segments) keep.insert(SegmentFileName(e.file_number));
    for (const SegmentEntry& e : live->edit_segments) keep.insert(EditFileName(e.file_number));
  }
  ASSIGN_OR_RETURN(std::vector<std::string> names, fs.ListDir(source_dir));
  bool marker = false;
  for (const std::string& name : names) {
    marker = marker || name == kLoadingMarker;
    bool ours = IsStoreFile(name) || name.rfind("CURRENT.tmp", 0) == 0;
    if (ours && !keep.count(name)) RETURN_IF_ERROR(fs.RemoveFile(Join(source_dir, name)));
  }
  // Last: while leftovers remain, the marker keeps readers from taking them for a
  // source that lost its CURRENT.
  if (marker) RETURN_IF_ERROR(fs.RemoveFile(Join(source_dir, kLoadingMarker)));
  return Status::Ok();
}

Status MarkFirstCommit(FileSystem& fs, const std::string& source_dir, bool sync) {
  RETURN_IF_ERROR(EnsureDir(fs, source_dir, sync));
  RETURN_IF_ERROR(fs.WriteFile(Join(source_dir, kLoadingMarker), "", sync));
  if (sync) RETURN_IF_ERROR(fs.SyncDir(source_dir));
  return Status::Ok();
}

Result<std::vector<int>> MergeSchema(const catalog::SourceDef& source, const std::optional<Manifest>& live,
                                     const std::string& source_dir, Manifest& next) {
  if (live && live->key_column != source.key) {
    return Status::InvalidArgument("source '" + source.id + "': key column changed from '" +
                                   live->key_column + "' to '" + source.key + "'; remove " + source_dir +
                                   " and ingest again");
  }
  next.key_column = source.key;
  next.time_column = source.time;
  std::vector<int> batch_to_schema(source.columns.size());
  for (size_t c = 0; c < source.columns.size(); ++c) {
    const catalog::ColumnDef& def = source.columns[c];
    auto it = std::find_if(next.schema.begin(), next.schema.end(),
                           [&](const ColumnSchema& s) { return s.name == def.name; });
    if (it == next.schema.end()) {
      next.schema.push_back({def.name, def.type});
      it = next.schema.end() - 1;
    } else if (it->type != def.type) {
      return Status::InvalidArgument("source '" + source.id + "': column '" + def.name +
                                     "' changed type; remove " + source_dir + " and ingest again");
    }
    batch_to_schema[c] = static_cast<int>(it - next.schema.begin());
  }
  return batch_to_schema;
}

}  // namespace northstar::store
