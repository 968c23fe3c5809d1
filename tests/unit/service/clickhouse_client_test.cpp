#include "service/clickhouse_client.h"

#include <gtest/gtest.h>

namespace northstar::service {
namespace {

using Fields = std::vector<std::optional<std::string>>;

// ClickHouse's TabSeparated escapes: a segment text with a tab, a newline or a
// backslash reads back as itself; `\N` alone is null, inside a text it is not.
TEST(ClickhouseTabSeparated, FieldsAreUnescapedAndNullsRead) {
  EXPECT_EQ(ParseTabSeparatedLine("n_tickets\t2026-W10\tchannel=web\\, form\t12"),
            (Fields{"n_tickets", "2026-W10", "channel=web, form", "12"}));
  EXPECT_EQ(ParseTabSeparatedLine("k\tall\t*\t\\N\t3"), (Fields{"k", "all", "*", std::nullopt, "3"}));
  EXPECT_EQ(ParseTabSeparatedLine("a\\tb\\nc\\\\d\\'e"), (Fields{"a\tb\nc\\d'e"}));
  EXPECT_EQ(ParseTabSeparatedLine("x\\N"), (Fields{"xN"}));
  EXPECT_EQ(ParseTabSeparatedLine(""), (Fields{""}));
  EXPECT_EQ(ParseTabSeparatedLine("\t"), (Fields{"", ""}));
}

// A server that cannot be reached is an IOError naming the engine and the address.
TEST(ClickhouseClient, AnUnreachableServerIsAnIoError) {
  const ClickhouseClient client("http://127.0.0.1:1", "");
  const auto rows = client.Query("SELECT 1");
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().code(), StatusCode::kIOError);
  EXPECT_NE(rows.status().message().find("engine clickhouse: cannot reach http://127.0.0.1:1"),
            std::string::npos);
  const ClickhouseClient bad("not a url", "");
  EXPECT_EQ(bad.Query("SELECT 1").status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace northstar::service
