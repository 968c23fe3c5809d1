// FaultInjectionFileSystem: a store::FileSystem for tests that wraps a real one and
// (1) fails the n-th mutating operation with kIOError, or (2) stops after the n-th
// (every later one fails, as if the process had died there) and then leaves the
// directory as a restart after a process kill or a power loss would find it.
//
// Mutating operations, counted from 1 in the order they are asked for (run the store
// with StoreOptions::threads = 1 for a repeatable order):
//   write     WriteFile's data reaching the file
//   fsync     WriteFile's sync of that data (only when it asks for one)
//   syncdir   SyncDir
//   rename    Rename
//   remove    RemoveFile of a file that exists
//   mkdir     CreateDir
// Reads are passed through and not counted.
//
// An injected failure of a write leaves the first half of the data in the file (a disk
// that filled up part way); of an fsync, the data written but not durable.
//
// What a power loss keeps (Crash::kPowerLoss), the model of LevelDB's fault-injection
// environment: file data is durable only once fsynced, and a directory entry (a file
// created, renamed, removed, a directory made) only once its directory was synced
// afterwards. At the crash every file whose data was never synced is cut to half its
// length (a torn write) and every entry change not yet synced is undone, newest first:
// created files and directories disappear, a rename is reversed (the old target comes
// back with its old bytes), a removed file comes back. kPowerLossRenamesFirst is the
// same except that unsynced renames are kept while the other unsynced entry changes of
// the directory are undone: a file system that writes directory changes out of order.
// Not modelled: other subsets of unsynced changes, data reaching the disk in pieces
// smaller than a whole file's half, a lying fsync, read errors, bit rot (see
// corruption_test.cpp), and anything that bypasses the FileSystem (segment reads
// through mmap, the LOCK file). The wrapper never calls fsync itself: what survives
// is decided by its own record, so the outcome does not depend on the machine.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "store/file_system.h"

namespace northstar::store::testing {

enum class Crash {
  kProcessKill,            // every operation done so far stays (the OS still has it)
  kPowerLoss,              // unsynced data torn, unsynced directory changes undone
  kPowerLossRenamesFirst,  // as kPowerLoss, but unsynced renames survive
};
const char* CrashName(Crash crash);

class FaultInjectionFileSystem final : public FileSystem {
 public:
  explicit FaultInjectionFileSystem(FileSystem* base = DefaultFileSystem()) : base_(base) {}

  // The n-th mutating operation from the start (1-based) fails with kIOError; the
  // others succeed.
  void FailAt(int n);
  // The n-th mutating operation runs; every later one fails with kIOError.
  void CrashAfter(int n);
  // After CrashAfter: changes the real directory into what a restart would find.
  // Call once no store uses this file system any more.
  Status ApplyCrash(Crash crash);

  int operations() const;                // mutating operations counted so far
  std::vector<std::string> log() const;  // "3 fsync /tmp/.../SEG-000001.nss", one per operation

  Status WriteFile(const std::string& path, std::string_view data, bool sync) override;
  Status SyncDir(const std::string& dir) override;
  Status Rename(const std::string& from, const std::string& to) override;
  Result<bool> CreateDir(const std::string& dir) override;
  Status RemoveFile(const std::string& path) override;
  Result<std::string> ReadFile(const std::string& path) override { return base_->ReadFile(path); }
  Result<std::vector<std::string>> ListDir(const std::string& dir) override { return base_->ListDir(dir); }
  bool FileExists(const std::string& path) override { return base_->FileExists(path); }

 private:
  // A directory entry change not yet made durable by a SyncDir of `dir`.
  struct EntryChange {
    enum Kind { kCreate, kMkdir, kRename, kRemove } kind;
    std::string dir;
    std::string path;                   // created, removed, or the rename's target
    std::string from;                   // the rename's source
    std::optional<std::string> before;  // what `path` held before (what a power loss brings back)
  };

  enum class Verdict { kRun, kFail, kStopped };
  // Counts an operation (with mu_ held) and says whether to do it.
  Verdict Count(const char* kind, const std::string& path);
  static Status Refused(Verdict verdict, const char* kind, const std::string& path);
  // What `path` holds on disk after a power loss, as far as its data goes.
  std::optional<std::string> DurableBytes(const std::string& path);

  FileSystem* base_;
  mutable std::mutex mu_;
  int count_ = 0;
  int fail_at_ = 0;
  int crash_after_ = 0;
  bool crashed_ = false;
  std::vector<std::string> log_;
  std::map<std::string, bool> synced_;  // files written here: data fsynced since the last write?
  std::vector<EntryChange> unsynced_;   // oldest first
};

}  // namespace northstar::store::testing
