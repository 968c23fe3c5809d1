// The few POSIX file operations the store needs, each returning a Status that names
// the path and the operating system's reason. The store reaches the mutating ones
// through FileSystem (file_system.h), whose default implementation calls these. Durability rules the store
// relies on: WriteFileDurably() returns only after the data is on disk (fsync), and SyncDir() makes the names
// created/renamed in a directory durable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace northstar::store {

// Creates or truncates `path`, writes `data`, and fsyncs the file when `sync`.
Status WriteFileDurably(const std::string& path, std::string_view data, bool sync);

// fsyncs a directory so that entries created, renamed or removed in it persist.
Status SyncDir(const std::string& dir);

// rename(2): atomic replacement of `to`. The durable forms (with the directory sync)
// are RenameDurably / EnsureDir of file_system.h, which every store write goes through.
Status RenameFile(const std::string& from, const std::string& to);

// mkdir(2) of one level: true when created, false when `dir` already is a directory.
Result<bool> MakeDir(const std::string& dir);

// The directory part of `path` ("." when it has none).
std::string ParentDir(const std::string& path);

Result<std::string> ReadWholeFile(const std::string& path);
Result<std::vector<std::string>> ListDir(const std::string& dir);  // names, no "." / ".."
Status RemoveFile(const std::string& path);                        // a missing file is not an error
bool FileExists(const std::string& path);

// A read-only memory mapping of a whole file. Immutable, safe to share between
// threads; the mapping stays valid after the file is unlinked.
class MappedFile {
 public:
  static Result<std::shared_ptr<const MappedFile>> Open(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  const char* data() const { return data_; }
  size_t size() const { return size_; }
  const std::string& path() const { return path_; }

 private:
  MappedFile(std::string path, const char* data, size_t size)
      : path_(std::move(path)), data_(data), size_(size) {}
  std::string path_;
  const char* data_;
  size_t size_;
};

// An exclusive advisory lock (flock) on a lock file, released on destruction or when
// the process dies. The holder's pid is written into the file so that a refused
// attempt can say who holds it.
class FileLock {
 public:
  // Tries for up to `wait_ms` milliseconds (0 = once). A lock held elsewhere gives
  // kConflict "... is locked by process N (another ingest is running)".
  static Result<std::unique_ptr<FileLock>> Acquire(const std::string& path, int wait_ms);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

}  // namespace northstar::store
