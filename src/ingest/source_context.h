// What a reader needs to know about the source it reads, and how it words whole-source
// failures: one line naming the source and file, what went wrong and where to fix it:
//   tickets: cannot open data/tickets.csv: No such file or directory — check `from:` of
//   source 'tickets' in northstar.yaml:14
#pragma once

#include <string>

#include "catalog/model.h"
#include "common/status.h"
#include "ingest/read_options.h"

namespace northstar::ingest {

struct SourceContext {
  const catalog::SourceDef* source = nullptr;
  const catalog::Workspace* workspace = nullptr;
  std::string path;          // what to open: resolved file path, or conninfo
  std::string display_path;  // the path as the user wrote it (used in messages and RejectedRow::file)
  std::string fix_hint;      // e.g. "check `from:` of source 'tickets' in northstar.yaml:14"
  ReadOptions options;

  // "<source id>: <what> — <fix_hint>" with the given code.
  Status Error(StatusCode code, const std::string& what) const;
};

// Whether the file a context names may be read, before anything is opened:
//  - it must be a regular file (a FIFO would block the read forever, a device never end);
//  - a `from:` path must lie inside the workspace root or a folder listed under
//    `allowed_paths:` once symbolic links and ".." are resolved, so a catalog cannot make
//    Northstar read (and print parts of) files such as /etc/shadow. `--file` paths are
//    given by the person running the command and are only checked for being regular.
// The error names the path as written and what to do; it never quotes the file.
Status CheckSourceFile(const SourceContext& context);

// Builds the context for reading `source`: resolves its path against the workspace
// root (or takes options.file) and words the fix hint accordingly.
SourceContext MakeSourceContext(const catalog::SourceDef& source, const catalog::Workspace& workspace,
                                const ReadOptions& options);

}  // namespace northstar::ingest
