// FileSystem: every file operation the store's commits and manifest reads perform, behind
// one small interface, so that tests can fail any write, fsync, rename, removal or
// directory creation (or stop all of them, as a crash would) and check that nothing
// committed is lost and nothing half-written is read. Production uses
// DefaultFileSystem(), the POSIX calls of file_io.h.
//
// Not behind it: segment reads (SegmentReader maps files with MappedFile) and the commit
// lock (FileLock). Neither changes what is on disk.
//
// Durability contract the store relies on, which an implementation must keep:
// - WriteFile(path, data, sync = true) returns OK only once `data` is on disk; its
//   directory entry is durable only after a later SyncDir of the parent directory.
// - SyncDir(dir) makes durable every entry created, renamed or removed in `dir`.
// - Rename(from, to) replaces `to` atomically (both in one directory).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace northstar::store {

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Operations that change the disk. Errors are kIOError naming the path.
  // Creates or truncates `path` and writes `data`; with `sync`, fsyncs the file's data.
  virtual Status WriteFile(const std::string& path, std::string_view data, bool sync) = 0;
  virtual Status SyncDir(const std::string& dir) = 0;
  virtual Status Rename(const std::string& from, const std::string& to) = 0;
  // Creates one directory level: true when created, false when it already was one.
  virtual Result<bool> CreateDir(const std::string& dir) = 0;
  // A missing file is not an error.
  virtual Status RemoveFile(const std::string& path) = 0;

  // Reads. ReadFile and ListDir give kNotFound for a missing path.
  virtual Result<std::string> ReadFile(const std::string& path) = 0;
  virtual Result<std::vector<std::string>> ListDir(const std::string& dir) = 0;  // no "." / ".."
  virtual bool FileExists(const std::string& path) = 0;
};

// The POSIX file system (file_io.h). Lives for the whole process; thread-safe.
FileSystem* DefaultFileSystem();

// Rename, then (with `sync`) SyncDir of the parent of `to`: a durable atomic replacement.
Status RenameDurably(FileSystem& fs, const std::string& from, const std::string& to, bool sync);

// Creates `dir` (one level) when missing; with `sync`, SyncDir of its parent when it
// was created, so the new entry survives a power loss.
Status EnsureDir(FileSystem& fs, const std::string& dir, bool sync);

// Creates `dir` and every missing parent, each made durable in its parent with `sync`.
Status EnsureDirs(FileSystem& fs, const std::string& dir, bool sync);

}  // namespace northstar::store
