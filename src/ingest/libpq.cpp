#include "ingest/libpq.h"

#include <algorithm>

#include <dlfcn.h>

#include <string>

namespace northstar::ingest {
namespace {

Result<LibPq> Open() {
  void* lib = dlopen("libpq.so.5", RTLD_NOW | RTLD_LOCAL);
  if (lib == nullptr) {
    const char* why = dlerror();
    return Status::Unsupported(std::string("cannot load libpq (") + (why ? why : "unknown error") +
                               "); install it: apt-get install libpq5");
  }
  LibPq pq;
  Status missing = Status::Ok();
  auto bind = [&](auto& fn, const char* name) {
    fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(dlsym(lib, name));
    if (fn == nullptr && missing.ok()) {
      missing = Status::Unsupported(std::string("libpq lacks ") + name + "; install libpq5 from Debian 12");
    }
  };
  bind(pq.connectdb, "PQconnectdb");
  bind(pq.status, "PQstatus");
  bind(pq.errorMessage, "PQerrorMessage");
  bind(pq.finish, "PQfinish");
  bind(pq.execParams, "PQexecParams");
  bind(pq.resultStatus, "PQresultStatus");
  bind(pq.resultErrorMessage, "PQresultErrorMessage");
  bind(pq.clear, "PQclear");
  bind(pq.nfields, "PQnfields");
  bind(pq.fname, "PQfname");
  bind(pq.ftype, "PQftype");
  bind(pq.ntuples, "PQntuples");
  bind(pq.getisnull, "PQgetisnull");
  bind(pq.getvalue, "PQgetvalue");
  bind(pq.getlength, "PQgetlength");
  if (!missing.ok()) return missing;
  return pq;  // the library stays loaded for the life of the process
}

}  // namespace

std::string OneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

Result<const LibPq*> LoadLibPq() {
  static const Result<LibPq> loaded = Open();
  if (!loaded.ok()) return loaded.status();
  return &loaded.value();
}

}  // namespace northstar::ingest
