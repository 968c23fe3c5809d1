// Real-world files kept outside the repository (see ../shared/data/external/SOURCES.md).
// Expected figures were counted independently with Python's csv module.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <numeric>
#include <string>

#include "ingest/batch_builder.h"
#include "ingest/csv_reader.h"
#include "ingest/read_source.h"
#include "ingest/source_context.h"
#include "ingest_test_util.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;

const std::string kExternal = std::string(NORTHSTAR_SOURCE_DIR) + "/../shared/data/external";

int64_t CountNulls(const ColumnData& column) {
  return std::count(column.valid.begin(), column.valid.end(), 0);
}

TEST(ExternalDataTest, TelcoChurnWithBlankTotalCharges) {
  const std::string path = kExternal + "/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "external data set not present: " << path;
  catalog::SourceDef source = testing::Source(
      "customers", catalog::SourceKind::kCsv, path,
      {Column("customer", ColumnType::kString, "customerID"), Column("tenure", ColumnType::kInt),
       Column("total", ColumnType::kFloat, "TotalCharges"), Column("churned", ColumnType::kBool, "Churn"),
       Column("contract", ColumnType::kString, "Contract")});
  source.null_values = {"", " "};
  catalog::Workspace workspace;
  auto batch = ReadSource(source, workspace);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows(), 7043u);
  EXPECT_TRUE(batch->rejected.empty());
  EXPECT_EQ(CountNulls(batch->columns[2]), 11);
  EXPECT_EQ(std::accumulate(batch->columns[1].ints.begin(), batch->columns[1].ints.end(), int64_t{0}),
            227990);
  EXPECT_NEAR(std::accumulate(batch->columns[2].floats.begin(), batch->columns[2].floats.end(), 0.0),
              16056168.7, 1e-3);
  EXPECT_EQ(std::accumulate(batch->columns[3].ints.begin(), batch->columns[3].ints.end(), int64_t{0}), 1869);
  EXPECT_EQ(std::string(batch->columns[0].string_at(0)), "7590-VHVEG");

  // Without " " among the null values, those 11 rows are rejected, never dropped.
  source.null_values = {""};
  auto strict = ReadSource(source, workspace);
  ASSERT_TRUE(strict.ok());
  EXPECT_EQ(strict->rows(), 7032u);
  ASSERT_EQ(strict->rejected.size(), 11u);
  EXPECT_EQ(strict->rejected[0].column, "total");
  EXPECT_EQ(strict->rejected[0].reason, "bad float ' '");
}

TEST(ExternalDataTest, SupportTicketsFromASpreadsheet) {
  const std::string path = kExternal + "/support/customer_support_tickets.csv";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "external data set not present: " << path;
  catalog::SourceDef source = testing::Source(
      "support", catalog::SourceKind::kCsv, path,
      {Column("ticket_id", ColumnType::kInt, "Ticket ID"), Column("age", ColumnType::kInt, "Customer Age"),
       Column("purchased", ColumnType::kTimestamp, "Date of Purchase", "%m/%d/%Y"),
       Column("status", ColumnType::kString, "Ticket Status"),
       Column("description", ColumnType::kString, "Ticket Description"),
       Column("first_response", ColumnType::kTimestamp, "First Response Time", "%m/%d/%Y %H:%M"),
       Column("resolved", ColumnType::kTimestamp, "Time to Resolution", "%m/%d/%Y %H:%M"),
       Column("csat", ColumnType::kFloat, "Customer Satisfaction Rating")});
  catalog::Workspace workspace;
  auto batch = ReadSource(source, workspace);
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  EXPECT_EQ(batch->rows(), 8469u);
  EXPECT_EQ(batch->rows_read, 8469) << "the spreadsheet's trailing empty row is not a row";
  EXPECT_TRUE(batch->rejected.empty()) << batch->rejected.front().reason;
  EXPECT_EQ(batch->columns[0].ints.front(), 1);
  EXPECT_EQ(batch->columns[0].ints.back(), 8469);
  EXPECT_EQ(CountNulls(batch->columns[5]), 2819);
  EXPECT_EQ(CountNulls(batch->columns[6]), 5700);
  EXPECT_EQ(CountNulls(batch->columns[7]), 5700);
  EXPECT_DOUBLE_EQ(std::accumulate(batch->columns[7].floats.begin(), batch->columns[7].floats.end(), 0.0),
                   8283.0);
  // 6/1/2023 12:15 in UTC (the workspace default).
  EXPECT_EQ(batch->columns[5].ints.front(), int64_t{1685621700} * 1000000);
  EXPECT_NE(std::string(batch->columns[4].string_at(0)).find("\n\nYour billing zip code is: 71701."),
            std::string::npos);

  // The same file on two threads (its descriptions hold many quoted line breaks).
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ReadOptions options;
  options.threads = 2;
  auto split = ParseCsv(bytes, MakeSourceContext(source, workspace, options), 1);
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(split->source_lines, batch->source_lines);
  EXPECT_EQ(StringValues(split->columns[4]), StringValues(batch->columns[4]));
  EXPECT_EQ(split->columns[5].ints, batch->columns[5].ints);
}

}  // namespace
}  // namespace northstar::ingest
