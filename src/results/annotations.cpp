#include "results/annotations.h"

#include <sqlite3.h>

#include "sqlite/database.h"

namespace northstar::results {
namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS annotations (
  id INTEGER PRIMARY KEY, kpi TEXT NOT NULL, from_period TEXT NOT NULL, to_period TEXT NOT NULL,
  text TEXT NOT NULL, process_change INTEGER NOT NULL, created_at TEXT NOT NULL);
)sql";

}  // namespace

Result<std::unique_ptr<AnnotationStore>> AnnotationStore::Open(const std::string& path,
                                                               const std::string& vfs) {
  ASSIGN_OR_RETURN(sqlite3 * db, sqlite::OpenReadWrite(path, 5000, vfs));
  std::unique_ptr<AnnotationStore> store(new AnnotationStore(db));
  RETURN_IF_ERROR(sqlite::Exec(db, kSchema, "results database " + path));
  return store;
}

AnnotationStore::~AnnotationStore() {
  sqlite3_close(db_);
}

Result<Annotation> AnnotationStore::Add(Annotation a) {
  ASSIGN_OR_RETURN(auto insert,
                   sqlite::Statement::Prepare(db_,
                                              "INSERT INTO annotations (kpi, from_period, to_period, "
                                              "text, process_change, created_at) VALUES (?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, a.kpi);
  insert.Bind(2, a.from);
  insert.Bind(3, a.to);
  insert.Bind(4, a.text);
  insert.Bind(5, int64_t{a.process_change ? 1 : 0});
  insert.Bind(6, a.created_at);
  RETURN_IF_ERROR(insert.Run());
  a.id = sqlite3_last_insert_rowid(db_);
  return a;
}

Result<std::vector<Annotation>> AnnotationStore::List(const std::string& kpi) {
  ASSIGN_OR_RETURN(
      auto st, sqlite::Statement::Prepare(db_,
                                          "SELECT id, kpi, from_period, to_period, text, process_change, "
                                          "created_at FROM annotations WHERE ? = '' OR kpi = ? OR kpi = '*' "
                                          "ORDER BY id"));
  st.Bind(1, kpi);
  st.Bind(2, kpi);
  std::vector<Annotation> out;
  while (true) {
    ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Int(5) != 0, st.Text(6)});
  }
  return out;
}

Result<Annotation> AnnotationStore::Update(const Annotation& a) {
  ASSIGN_OR_RETURN(auto update, sqlite::Statement::Prepare(db_,
                                                           "UPDATE annotations SET kpi = ?, from_period = ?, "
                                                           "to_period = ?, text = ?, process_change = ? "
                                                           "WHERE id = ?"));
  update.Bind(1, a.kpi);
  update.Bind(2, a.from);
  update.Bind(3, a.to);
  update.Bind(4, a.text);
  update.Bind(5, int64_t{a.process_change ? 1 : 0});
  update.Bind(6, a.id);
  RETURN_IF_ERROR(update.Run());
  if (sqlite3_changes(db_) == 0) {
    return Status::NotFound("no annotation #" + std::to_string(a.id))
        .WithHint("GET /api/v1/annotations (or `northstar annotate --list`) shows them");
  }
  ASSIGN_OR_RETURN(auto all, List());
  for (Annotation& stored : all) {
    if (stored.id == a.id) return std::move(stored);
  }
  return Status::NotFound("annotation #" + std::to_string(a.id) + " was deleted meanwhile");
}

Status AnnotationStore::Delete(int64_t id) {
  ASSIGN_OR_RETURN(auto st, sqlite::Statement::Prepare(db_, "DELETE FROM annotations WHERE id = ?"));
  st.Bind(1, id);
  RETURN_IF_ERROR(st.Run());
  if (sqlite3_changes(db_) == 0) {
    return Status::NotFound("no annotation #" + std::to_string(id))
        .WithHint("GET /api/v1/annotations (or `northstar annotate --list`) shows them");
  }
  return Status::Ok();
}

}  // namespace northstar::results
