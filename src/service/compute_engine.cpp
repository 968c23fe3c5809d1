// `compute --engine postgres|clickhouse` (SPEC §9): the statement `northstar sql`
// prints, run on the engine configured in northstar.yaml (`engines.postgres` over
// libpq, `engines.clickhouse` over HTTP) on the data in place, and its values recorded
// exactly as a native compute records them (definition versions, restatements, each
// measure's data span), so status, alerts, review and the dashboard work unchanged.
// Nothing is recorded unless every statement succeeded.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>

#include "engine/plan.h"
#include "ingest/libpq.h"
#include "results/results_db.h"
#include "service/clickhouse_client.h"
#include "service/workspace.h"
#include "sql/statement.h"
#include "sql/table_check.h"
#include "time/period.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

constexpr int kMinServerVersion = 120000;  // MATERIALIZED CTEs (PostgreSQL 12)

using Rows = TextRows;

// The rows of `sql` as text (nullopt for null), or the server's message on one line.
Result<Rows> Query(const ingest::LibPq* pq, PGconn* conn, const std::string& sql) {
  ingest::PgResult res(pq->execParams(conn, sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0),
                       ingest::ClearResult{pq});
  if (!res || pq->resultStatus(res.get()) != PGRES_TUPLES_OK)
    return Status::InvalidArgument(
        ingest::OneLine(res ? pq->resultErrorMessage(res.get()) : pq->errorMessage(conn)));
  Rows rows(pq->ntuples(res.get()));
  for (int r = 0; r < pq->ntuples(res.get()); ++r) {
    for (int c = 0; c < pq->nfields(res.get()); ++c) {
      if (pq->getisnull(res.get(), r, c)) {
        rows[r].emplace_back();
      } else {
        rows[r].emplace_back(std::string(pq->getvalue(res.get(), r, c), pq->getlength(res.get(), r, c)));
      }
    }
  }
  return rows;
}

Status EngineError(const std::string& engine, const Status& s, const std::string& what) {
  return Status::InvalidArgument("engine " + engine + ": " + what + ": " + s.message())
      .WithHint(
          "check that every source's table exists with the catalog's column names and the types "
          "docs/scale.md lists; engines." +
          engine + ".tables maps a source to another table");
}

// Runs `work` with a query function on a PostgreSQL connection, once the server is
// known to be new enough.
using QueryFn = std::function<Result<Rows>(const std::string&)>;
Status WithPostgres(const catalog::EngineSettings& settings,
                    const std::function<Status(const QueryFn&)>& work) {
  ASSIGN_OR_RETURN(const ingest::LibPq* pq, ingest::LoadLibPq());
  ingest::PgConnection conn(pq->connectdb(settings.postgres_conninfo.c_str()), ingest::FinishConnection{pq});
  // libpq's message names host and port, never the conninfo (which may hold a password).
  if (!conn || pq->status(conn.get()) != CONNECTION_OK)
    return Status::IOError(
               "engine postgres: cannot connect: " +
               (conn ? ingest::OneLine(pq->errorMessage(conn.get())) : std::string("out of memory")))
        .WithHint("check engines.postgres.conninfo in northstar.yaml and that the server is running");
  auto version = Query(pq, conn.get(), "SHOW server_version_num");
  if (!version.ok())
    return Status::IOError("engine postgres: cannot query the server: " + version.status().message());
  const long server =
      version->empty() || !(*version)[0][0] ? 0 : std::strtol((*version)[0][0]->c_str(), nullptr, 10);
  if (server < kMinServerVersion)
    return Status::Unsupported("engine postgres: the server is version " + std::to_string(server) +
                               "; Northstar's SQL needs PostgreSQL 12 or newer");
  return work([&](const std::string& sql) { return Query(pq, conn.get(), sql); });
}

// The same from ClickHouse, whose SQL is written for 18.16 (docs/scale.md).
Status WithClickhouse(const catalog::EngineSettings& settings,
                      const std::function<Status(const QueryFn&)>& work) {
  const ClickhouseClient client(settings.clickhouse_url, settings.clickhouse_database);
  auto version = client.Query("SELECT version()");
  if (!version.ok()) {
    if (version.status().code() == StatusCode::kIOError)
      return version.status().WithHint(
          "check engines.clickhouse.url in northstar.yaml and that the server is running");
    return Status::IOError("engine clickhouse: cannot query the server: " + version.status().message())
        .WithHint("check engines.clickhouse.url and .database in northstar.yaml");
  }
  const std::string text =
      version->empty() || (*version)[0].empty() || !(*version)[0][0] ? "" : *(*version)[0][0];
  const long major = std::strtol(text.c_str(), nullptr, 10);
  const size_t dot = text.find('.');
  const long minor = dot == std::string::npos ? 0 : std::strtol(text.c_str() + dot + 1, nullptr, 10);
  if (major < 18 || (major == 18 && minor < 16))
    return Status::Unsupported("engine clickhouse: the server is version " + (text.empty() ? "?" : text) +
                               "; Northstar's SQL needs ClickHouse 18.16 or newer");
  return work([&](const std::string& sql) { return client.Query(sql); });
}

}  // namespace

Result<ComputeReport> Workspace::ComputeOnEngine(const ComputeRequest& request) {
  const catalog::EngineSettings& settings = catalog_.workspace.engines;
  const std::string& engine_name = request.engine;
  const bool clickhouse = engine_name == "clickhouse";
  if (!clickhouse && engine_name != "postgres")
    return Status::Unsupported("compute --engine " + engine_name +
                               " is not known: use native, postgres or clickhouse");
  if (!clickhouse && settings.postgres_conninfo.empty())
    return Status::InvalidArgument("engine postgres is not configured")
        .WithHint("add `engines: {postgres: {conninfo: \"host=... dbname=...\"}}` to northstar.yaml");
  if (clickhouse && settings.clickhouse_url.empty())
    return Status::InvalidArgument("engine clickhouse is not configured")
        .WithHint(
            "add `engines: {clickhouse: {url: \"http://host:8123\", database: ...}}` to northstar.yaml");
  sql::SqlRequest sql_request;
  sql_request.dialect = clickhouse ? sql::Dialect::kClickhouse : sql::Dialect::kPostgres;
  sql_request.measures = request.kpis;
  sql_request.grain = request.grain;
  sql_request.tables = clickhouse ? settings.clickhouse_tables : settings.postgres_tables;
  sql_request.with_rows = true;
  ASSIGN_OR_RETURN(engine::Plan plan, engine::BuildPlan(catalog_, compiled_, request.kpis));
  std::vector<std::string> sources;
  for (const auto& m : plan.measures)
    sources.insert(sources.end(), m.sources_read.begin(), m.sources_read.end());
  std::sort(sources.begin(), sources.end());
  sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  ASSIGN_OR_RETURN(std::string range_sql, sql::CompileTimeRange(catalog_, compiled_, sql_request, sources));

  // First the data's time range, so the statement's zone offsets cover only that; then
  // each source's span of local days, from which the statement writes its periods; then
  // the KPI statement.
  Rows rows;
  const auto columns_read = engine::ColumnsRead(plan, catalog_.workspace);
  auto work = [&](const QueryFn& query) -> Status {
    // Every table holds the columns the KPIs read, of types that compute the same.
    for (const std::string& id : sources) {
      const catalog::SourceDef* src = catalog_.workspace.FindSource(id);
      const auto read = columns_read.find(id);
      if (src == nullptr || read == columns_read.end()) continue;
      std::vector<catalog::ColumnDef> needed;
      for (int32_t c : read->second) needed.push_back(src->columns[c]);
      ASSIGN_OR_RETURN(std::string listing_sql, sql::CompileColumnListing(sql_request, id));
      auto listing = query(listing_sql);
      if (!listing.ok())
        return EngineError(engine_name, listing.status(), "cannot list the columns of source '" + id + "'");
      std::vector<std::vector<std::string>> listed;
      for (const auto& row : *listing) {
        listed.emplace_back();
        for (const auto& field : row) listed.back().push_back(field.value_or(""));
      }
      ASSIGN_OR_RETURN(std::string table, sql::TableName(sql_request, id));
      RETURN_IF_ERROR(sql::CheckTable(sql_request.dialect, table, listed, needed));
    }
    if (!range_sql.empty()) {
      auto range = query(range_sql);
      if (!range.ok()) return EngineError(engine_name, range.status(), "the time-range statement failed");
      if (range->size() == 1 && (*range)[0].size() == 2 && (*range)[0][0] && (*range)[0][1])
        sql_request.time_range = std::make_pair(std::strtoll((*range)[0][0]->c_str(), nullptr, 10),
                                                std::strtoll((*range)[0][1]->c_str(), nullptr, 10));
    }
    ASSIGN_OR_RETURN(std::string spans_sql,
                     sql::CompileSourceSpans(catalog_, compiled_, sql_request, sources));
    if (!spans_sql.empty()) {
      auto spans = query(spans_sql);
      if (!spans.ok()) return EngineError(engine_name, spans.status(), "the data-span statement failed");
      // The statement's periods come from these days, not from a scan per grain; they are
      // also what is recorded as each source's span.
      auto& days = sql_request.source_days.emplace();
      for (const auto& r : *spans) {
        if (r.size() == 3 && r[0] && r[1] && r[2])
          days[*r[0]] = {static_cast<int32_t>(std::strtol(r[1]->c_str(), nullptr, 10)),
                         static_cast<int32_t>(std::strtol(r[2]->c_str(), nullptr, 10))};
      }
    }
    ASSIGN_OR_RETURN(std::string statement, sql::CompileStatement(catalog_, compiled_, plan, sql_request));
    auto got = query(statement);
    if (!got.ok()) return EngineError(engine_name, got.status(), "the KPI statement failed");
    rows = std::move(got).value();
    return Status::Ok();
  };
  RETURN_IF_ERROR(clickhouse ? WithClickhouse(settings, work) : WithPostgres(settings, work));
  std::map<std::string, time::DaySpan> source_spans;
  if (sql_request.source_days)
    for (const auto& [id, days] : *sql_request.source_days) source_spans[id] = {days.first, days.second};

  ComputeReport report;
  report.notes.push_back("computed on engine " + engine_name);
  report.refresh.why_full = "--engine " + engine_name;
  std::vector<engine::ComputedValue> values;
  for (const auto& r : rows) {
    if (r.size() != 5 || !r[0] || !r[1] || !r[2])
      return Status::Internal("engine " + engine_name + ": a malformed result row");
    engine::ComputedValue v;
    v.kpi = *r[0];
    v.segment = *r[2];
    if (*r[1] == "all") {
      v.all = true;
      const catalog::MeasureDef* def = catalog_.FindMeasure(v.kpi);
      v.grain = def != nullptr ? def->frequency : catalog::Grain::kDay;
    } else {
      ASSIGN_OR_RETURN(v.period, time::ParsePeriod(*r[1]));
      v.grain = v.period.grain;
    }
    if (r[3]) v.value = std::strtod(r[3]->c_str(), nullptr);
    if (r[4]) v.rows = static_cast<int64_t>(std::strtod(r[4]->c_str(), nullptr));
    values.push_back(std::move(v));
  }

  if (request.write) {
    const std::filesystem::path root(catalog_.workspace.root_dir);
    ASSIGN_OR_RETURN(
        auto db, results::ResultsDb::Open((root / catalog_.workspace.results_db).string(), env_.results_vfs));
    const std::string now = time::FormatIso(env_.clock->Now(), nullptr);
    auto write = [&]() -> Status {
      RETURN_IF_ERROR(WriteValues(*db, plan, values, now, "recomputed on " + engine_name));
      for (const auto& m : plan.measures) {
        // The span: from the latest first day to the earliest last day of its timed sources.
        std::optional<time::DaySpan> span;
        for (const std::string& id : m.sources_read) {
          auto it = source_spans.find(id);
          if (it == source_spans.end()) continue;
          span = span ? time::DaySpan{std::max(span->first_day, it->second.first_day),
                                      std::min(span->last_day, it->second.last_day)}
                      : it->second;
        }
        if (span) RETURN_IF_ERROR(db->SetCoverage(m.measure->def->id, span));
      }
      return Status::Ok();
    };
    RETURN_IF_ERROR(db->Begin());
    if (Status st = write(); !st.ok()) {
      db->Rollback();
      return st.WithContext("results");
    }
    RETURN_IF_ERROR(db->Commit());
  }
  report.values = FilterForOutput(std::move(values), request);
  return report;
}

}  // namespace northstar::service
