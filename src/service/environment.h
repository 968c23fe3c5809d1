// What a workspace runs with: the clock behind "now", the file system the store writes
// through, the SQLite VFS the results database opens with, and how many threads a
// scan may use. Front ends pass System(); tests fix the clock or inject faults.
#pragma once

#include <string>

#include "store/file_system.h"
#include "time/clock.h"

namespace northstar::service {

struct Environment {
  const time::Clock* clock = nullptr;        // not owned; outlives the workspace
  store::FileSystem* file_system = nullptr;  // not owned; nullptr: the POSIX one
  std::string results_vfs;                   // "": SQLite's default
  int threads = 2;                           // worker threads per scan or parse

  // The wall clock, the POSIX file system, SQLite's default VFS, 2 threads.
  static Environment System();
};

}  // namespace northstar::service
