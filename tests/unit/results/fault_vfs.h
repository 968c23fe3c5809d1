// FaultVfs: a SQLite VFS for tests, registered as "northstar-fault", that wraps the
// default VFS and fails the n-th file operation that changes the disk (xWrite, xSync,
// xTruncate, xDelete), or lets the n-th run and fails every later one (a crash: the
// process stops changing files). Open a ResultsDb with ResultsDb::Open(path, kName).
//
// A failed xWrite leaves the first half of its bytes written. After a crash,
// DropUnsynced() models a power loss: every xWrite and xTruncate not followed by an
// xSync of its file is undone (the file gets its former bytes and size back). The VFS
// never calls fsync itself: durability is its record of xSync calls.
// Not modelled: the durability of directory entries (a created or deleted journal or
// log survives as it is), torn sectors inside one write, read errors.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace northstar::results::testing {

class FaultVfs {
 public:
  static constexpr const char* kName = "northstar-fault";
  // Registers the VFS on first use. One set of counters for the process: tests using it
  // must not run in parallel threads.
  static FaultVfs& Get();

  void Reset();            // counters, faults and the record of unsynced writes cleared
  void FailAt(int n);      // operation n (1-based, counted from Reset) fails
  void CrashAfter(int n);  // operation n runs, every later one fails
  int operations() const;
  std::vector<std::string> log() const;  // "3 xWrite results.db-wal @4096+4120" per operation
  // After a crash, with every connection closed: undoes the writes and truncations no
  // xSync made durable.
  Status DropUnsynced();
};

}  // namespace northstar::results::testing
