#include "service/clickhouse_client.h"

#include <httplib.h>

#include "ingest/libpq.h"  // OneLine

// Debian's libcpp-httplib.so is built with these; a header compiled without them has
// another class layout (see src/actions/webhook_sink.cpp).
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#error "cpp-httplib without its library's CPPHTTPLIB_* defines: link PkgConfig::HTTPLIB (CMakeLists.txt)"
#endif

namespace northstar::service {
namespace {

constexpr int kTimeoutSeconds = 3600;  // a KPI statement over a large table may take long

}  // namespace

ClickhouseClient::ClickhouseClient(std::string url, std::string database)
    : url_(std::move(url)), database_(std::move(database)) {}

std::vector<std::optional<std::string>> ParseTabSeparatedLine(std::string_view line) {
  std::vector<std::optional<std::string>> fields;
  std::string field;
  bool null = false;
  auto finish = [&]() {
    fields.push_back(null && field.empty() ? std::nullopt : std::optional<std::string>(field));
    field.clear();
    null = false;
  };
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\t') {
      finish();
    } else if (c == '\\' && i + 1 < line.size()) {
      const char e = line[++i];
      switch (e) {
        case 'N':
          if (field.empty()) {
            null = true;
          } else {
            field += 'N';
          }
          break;
        case 't': field += '\t'; break;
        case 'n': field += '\n'; break;
        case 'r': field += '\r'; break;
        case 'b': field += '\b'; break;
        case 'f': field += '\f'; break;
        case '0': field += '\0'; break;
        default: field += e; break;  // \\, \', and any other escaped character itself
      }
    } else {
      field += c;
    }
  }
  finish();
  return fields;
}

Result<TextRows> ClickhouseClient::Query(const std::string& sql) const {
  const Status bad_url =
      Status::InvalidArgument("engine clickhouse: the url '" + url_ + "' is not http://host:port");
  if (url_.rfind("http://", 0) != 0 && url_.rfind("https://", 0) != 0) return bad_url;
  httplib::Client client(url_);
  if (!client.is_valid()) return bad_url;
  client.set_connection_timeout(10, 0);
  client.set_read_timeout(kTimeoutSeconds, 0);
  client.set_write_timeout(kTimeoutSeconds, 0);
  // A statement over many KPIs exceeds the default query size and AST limits (its
  // constant arrays of zone offsets are long; every KPI adds its queries).
  std::string path = "/?max_query_size=1000000000&max_ast_elements=100000000";
  if (!database_.empty()) path += "&database=" + httplib::detail::encode_query_param(database_);
  auto res = client.Post(path, sql + "\nFORMAT TabSeparated", "text/plain");
  if (!res)
    return Status::IOError("engine clickhouse: cannot reach " + url_ + ": " +
                           httplib::to_string(res.error()));
  if (res->status != 200) return Status::InvalidArgument(ingest::OneLine(res->body));
  TextRows rows;
  size_t start = 0;
  const std::string& body = res->body;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    rows.push_back(ParseTabSeparatedLine(std::string_view(body).substr(start, end - start)));
    start = end + 1;
  }
  return rows;
}

}  // namespace northstar::service
