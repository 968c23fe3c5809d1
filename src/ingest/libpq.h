// libpq, loaded when a `postgres:` source is first read. Linking it would cost every
// Northstar process about 10 ms of start-up (it pulls in TLS, Kerberos, LDAP and
// more), while most commands never talk to PostgreSQL. The types come from libpq's
// header, so every call is checked against its real signature.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "common/status.h"

namespace northstar::ingest {

struct LibPq {
  decltype(&PQconnectdb) connectdb = nullptr;
  decltype(&PQstatus) status = nullptr;
  decltype(&PQerrorMessage) errorMessage = nullptr;
  decltype(&PQfinish) finish = nullptr;
  decltype(&PQexecParams) execParams = nullptr;
  decltype(&PQresultStatus) resultStatus = nullptr;
  decltype(&PQresultErrorMessage) resultErrorMessage = nullptr;
  decltype(&PQclear) clear = nullptr;
  decltype(&PQnfields) nfields = nullptr;
  decltype(&PQfname) fname = nullptr;
  decltype(&PQftype) ftype = nullptr;
  decltype(&PQntuples) ntuples = nullptr;
  decltype(&PQgetisnull) getisnull = nullptr;
  decltype(&PQgetvalue) getvalue = nullptr;
  decltype(&PQgetlength) getlength = nullptr;
};

// Owning handles that close the connection / free the result through `pq`.
struct FinishConnection {
  const LibPq* pq;
  void operator()(PGconn* connection) const { pq->finish(connection); }
};
struct ClearResult {
  const LibPq* pq;
  void operator()(PGresult* result) const { pq->clear(result); }
};
using PgConnection = std::unique_ptr<PGconn, FinishConnection>;
using PgResult = std::unique_ptr<PGresult, ClearResult>;

// A libpq message on one line: newlines as spaces, trailing spaces dropped.
std::string OneLine(std::string text);

// The library, loaded on the first call (thread-safe). Unsupported saying what
// to install when libpq is missing or lacks a function.
Result<const LibPq*> LoadLibPq();

}  // namespace northstar::ingest
