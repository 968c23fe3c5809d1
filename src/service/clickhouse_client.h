// A ClickHouse server over its HTTP interface (`engines.clickhouse.url`), for
// `compute --engine clickhouse`: a statement's rows as text, nulls as nullopt.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace northstar::service {

using TextRows = std::vector<std::vector<std::optional<std::string>>>;

class ClickhouseClient {
 public:
  // `url`: http://host:port; `database`: the default database of unqualified tables ("" =
  // the server's).
  ClickhouseClient(std::string url, std::string database);

  // The rows of `sql` (one statement, without FORMAT). IOError when the server cannot be
  // reached; InvalidArgument with the server's exception, on one line, when it refuses.
  Result<TextRows> Query(const std::string& sql) const;

 private:
  std::string url_, database_;
};

// One line of ClickHouse's TabSeparated output: fields unescaped, `\N` as nullopt.
std::vector<std::optional<std::string>> ParseTabSeparatedLine(std::string_view line);

}  // namespace northstar::service
