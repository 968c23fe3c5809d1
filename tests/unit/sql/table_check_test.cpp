// The check `compute --engine` makes of an engine's tables before any statement runs.
#include "sql/table_check.h"

#include <gtest/gtest.h>

namespace northstar::sql {
namespace {

using catalog::ColumnType;

catalog::ColumnDef Column(const std::string& name, ColumnType type) {
  catalog::ColumnDef c;
  c.name = name;
  c.type = type;
  return c;
}

TEST(SqlTableCheck, TypesThatComputeTheSameFit) {
  EXPECT_TRUE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kTimestamp, "timestamp with time zone"));
  EXPECT_TRUE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kTimestamp, "timestamp(3) without time zone"));
  EXPECT_FALSE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kTimestamp, "text"));
  EXPECT_FALSE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kTimestamp, "date"));
  EXPECT_TRUE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kFloat, "integer"));
  EXPECT_TRUE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kFloat, "numeric(12,2)"));
  EXPECT_FALSE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kInt, "double precision"));
  EXPECT_TRUE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kString, "character varying(20)"));
  EXPECT_FALSE(ColumnTypeFits(Dialect::kPostgres, ColumnType::kBool, "integer"));

  EXPECT_TRUE(ColumnTypeFits(Dialect::kClickhouse, ColumnType::kTimestamp, "Nullable(DateTime)"));
  EXPECT_TRUE(ColumnTypeFits(Dialect::kClickhouse, ColumnType::kTimestamp, "DateTime('UTC')"));
  EXPECT_FALSE(ColumnTypeFits(Dialect::kClickhouse, ColumnType::kTimestamp, "Nullable(String)"));
  EXPECT_FALSE(ColumnTypeFits(Dialect::kClickhouse, ColumnType::kTimestamp, "Date"));
  EXPECT_TRUE(ColumnTypeFits(Dialect::kClickhouse, ColumnType::kString, "LowCardinality(Nullable(String))"));
  EXPECT_TRUE(ColumnTypeFits(Dialect::kClickhouse, ColumnType::kBool, "UInt8"));
  EXPECT_FALSE(ColumnTypeFits(Dialect::kClickhouse, ColumnType::kInt, "UInt64"));  // beyond Int64
  EXPECT_FALSE(ColumnTypeFits(Dialect::kClickhouse, ColumnType::kFloat, "Decimal(12, 2)"));
}

TEST(SqlTableCheck, TheMessageNamesTheTableTheColumnAndTheTypeToUse) {
  const std::vector<catalog::ColumnDef> read = {Column("created_at", ColumnType::kTimestamp),
                                                Column("cost", ColumnType::kFloat)};
  EXPECT_TRUE(CheckTable(Dialect::kPostgres, "\"spend\"",
                         {{"id", "bigint"}, {"created_at", "timestamp with time zone"}, {"cost", "real"}},
                         read)
                  .ok());

  const Status missing_table = CheckTable(Dialect::kPostgres, "\"spend\"", {}, read);
  EXPECT_EQ(missing_table.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing_table.ToString().find("engine postgres: table \"spend\" does not exist"),
            std::string::npos)
      << missing_table.ToString();

  const Status missing_column =
      CheckTable(Dialect::kClickhouse, "`spend`", {{"created_at", "DateTime"}}, read);
  EXPECT_NE(missing_column.ToString().find("has no column 'cost'"), std::string::npos)
      << missing_column.ToString();
  EXPECT_NE(missing_column.hint().find("Float64"), std::string::npos) << missing_column.hint();

  const Status wrong =
      CheckTable(Dialect::kPostgres, "\"spend\"", {{"created_at", "text"}, {"cost", "real"}}, read);
  EXPECT_NE(wrong.ToString().find("column 'created_at' is text, but the catalog declares it timestamp"),
            std::string::npos)
      << wrong.ToString();
  EXPECT_NE(wrong.hint().find("timestamptz"), std::string::npos) << wrong.hint();
}

TEST(SqlTableCheck, ListingsNameTheMappedTable) {
  SqlRequest request;
  request.dialect = Dialect::kPostgres;
  request.tables = {{"tickets", "support.tickets"}};
  auto pg = CompileColumnListing(request, "tickets");
  ASSERT_TRUE(pg.ok()) << pg.status().ToString();
  EXPECT_NE(pg->find("to_regclass(E'\"support\".\"tickets\"')"), std::string::npos) << *pg;
  request.dialect = Dialect::kClickhouse;
  auto ch = CompileColumnListing(request, "tickets");
  ASSERT_TRUE(ch.ok());
  EXPECT_EQ(*ch, "DESCRIBE TABLE `support`.`tickets`");
  request.dialect = Dialect::kSqlite;
  EXPECT_FALSE(CompileColumnListing(request, "tickets").ok());
}

}  // namespace
}  // namespace northstar::sql
