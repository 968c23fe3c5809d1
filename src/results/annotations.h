// Annotations: notes on a KPI's chart over one period or a range (`northstar annotate`,
// the API's /annotations), kept in the results database (table `annotations`) so a copy
// of that file carries them with the values they explain. One marked as a process
// change starts a new baseline from its first period (actions/session.cpp applies it as
// the catalog's `baseline.process_changes` would be).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

struct sqlite3;

namespace northstar::results {

struct Annotation {
  int64_t id = 0;
  std::string kpi;       // a KPI or metric id, or "*" for every one
  std::string from, to;  // period labels, to == from for one period
  std::string text;
  bool process_change = false;
  std::string created_at;  // ISO 8601 UTC
};

class AnnotationStore {
 public:
  // Opens the table in the results database at `path` (created when missing).
  static Result<std::unique_ptr<AnnotationStore>> Open(const std::string& path, const std::string& vfs = "");
  ~AnnotationStore();
  AnnotationStore(const AnnotationStore&) = delete;
  AnnotationStore& operator=(const AnnotationStore&) = delete;

  // Returns the stored annotation with its id.
  Result<Annotation> Add(Annotation annotation);
  // Every annotation, oldest first; `kpi` non-empty: those of that KPI and of "*".
  Result<std::vector<Annotation>> List(const std::string& kpi = "");
  // NotFound for an unknown id.
  Status Delete(int64_t id);
  // Replaces kpi, periods, text and process_change of annotation `a.id` (its
  // created_at stays); returns it as stored. NotFound for an unknown id.
  Result<Annotation> Update(const Annotation& a);

 private:
  explicit AnnotationStore(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

}  // namespace northstar::results
