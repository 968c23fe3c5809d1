#include "ingest/sqlite_reader.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "ingest/read_source.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;

class SqliteReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_.path() + "/shop.db").c_str(), &db), SQLITE_OK);
    const char* sql =
        "CREATE TABLE orders (id INTEGER, amount REAL, paid TEXT, at TEXT, note TEXT);"
        "INSERT INTO orders VALUES (1, 9.5, 'yes', '2026-03-05 10:00:00', 'first');"
        "INSERT INTO orders VALUES (2, 12, 'no', NULL, NULL);"
        "INSERT INTO orders VALUES (3, 'lots', 'yes', '2026-03-06', 'bad amount');"
        "INSERT INTO orders VALUES (4, 1.25, 1, 'soon', 'bad time');";
    ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    workspace_.root_dir = dir_.path();
  }
  catalog::SourceDef Orders(std::string table) {
    catalog::SourceDef source =
        testing::Source("orders", catalog::SourceKind::kSqlite, "shop.db",
                        {Column("id", ColumnType::kInt), Column("amount", ColumnType::kFloat),
                         Column("paid", ColumnType::kBool), Column("at", ColumnType::kTimestamp),
                         Column("note", ColumnType::kString)});
    source.table = std::move(table);
    return source;
  }
  testing::TempDir dir_;
  catalog::Workspace workspace_;
};

TEST_F(SqliteReaderTest, ReadsTableConvertsAndRejectsByRowNumber) {
  auto batch = ReadSource(Orders("orders"), workspace_);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows_read, 4);
  ASSERT_EQ(batch->rows(), 2u);
  EXPECT_EQ(batch->columns[0].ints, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(batch->columns[1].floats, (std::vector<double>{9.5, 12.0}));
  EXPECT_EQ(batch->columns[2].ints, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(batch->columns[3].valid, (std::vector<uint8_t>{1, 0}));
  EXPECT_EQ(batch->columns[4].string_at(0), "first");
  ASSERT_EQ(batch->rejected.size(), 2u);
  EXPECT_EQ(batch->rejected[0].line, 3);
  EXPECT_EQ(batch->rejected[0].column, "amount");
  EXPECT_EQ(batch->rejected[0].file, "sqlite:shop.db");
  EXPECT_EQ(batch->rejected[1].line, 4);
  EXPECT_EQ(batch->rejected[1].column, "at");
}

TEST_F(SqliteReaderTest, ReadsASelect) {
  auto batch = ReadSource(Orders("SELECT * FROM orders WHERE id <= 2 ORDER BY id DESC"), workspace_);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->columns[0].ints, (std::vector<int64_t>{2, 1}));
}

TEST_F(SqliteReaderTest, UnknownTableAndMissingFileAreOneLineErrors) {
  auto table = ReadSource(Orders("order"), workspace_);
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("no such table: order"), std::string::npos)
      << table.status().message();
  catalog::SourceDef missing = Orders("orders");
  missing.path = "gone.db";
  auto file = ReadSource(missing, workspace_);
  ASSERT_FALSE(file.ok());
  EXPECT_NE(file.status().message().find("cannot open gone.db"), std::string::npos);
  catalog::SourceDef renamed = Orders("orders");
  renamed.columns[4].from = "notes";
  auto column = ReadSource(renamed, workspace_);
  ASSERT_FALSE(column.ok());
  EXPECT_NE(column.status().message().find("has no column 'notes' (did you mean 'note'?)"), std::string::npos)
      << column.status().message();
}

}  // namespace
}  // namespace northstar::ingest
