#include "ingest/field_converter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/batch_builder.h"
#include "ingest_test_util.h"
#include "time/civil.h"

namespace northstar::ingest {
namespace {

using catalog::ColumnType;
using testing::Column;

struct Converted {
  bool ok = false;
  ColumnData column;
  std::string reason;
};

Converted Convert(const catalog::ColumnDef& def, std::string_view text,
                  const std::string& workspace_zone = "UTC", const std::string& source_zone = "") {
  catalog::SourceDef source = testing::Source("s", catalog::SourceKind::kCsv, "s.csv", {def});
  source.timezone = source_zone;
  catalog::Workspace workspace;
  workspace.timezone = workspace_zone;
  auto converter = FieldConverter::Make(def, source, workspace);
  EXPECT_TRUE(converter.ok()) << converter.status().ToString();
  Converted out;
  out.column.type = def.type;
  out.ok = converter->AppendText(text, out.column, out.reason);
  return out;
}

TEST(FieldConverterTest, IntAcceptsIntegralDecimalsAndRejectsFractions) {
  EXPECT_EQ(Convert(Column("n", ColumnType::kInt), "-42").column.ints, (std::vector<int64_t>{-42}));
  EXPECT_EQ(Convert(Column("n", ColumnType::kInt), "+7").column.ints, (std::vector<int64_t>{7}));
  EXPECT_EQ(Convert(Column("n", ColumnType::kInt), "3.0").column.ints, (std::vector<int64_t>{3}));
  EXPECT_EQ(Convert(Column("n", ColumnType::kInt), "9223372036854775807").column.ints,
            (std::vector<int64_t>{INT64_MAX}));
  for (const char* bad : {"3.5", "abc", "1e3", "", " 1", "9223372036854775808", "+-1", "3."}) {
    Converted c = Convert(Column("n", ColumnType::kInt), bad);
    EXPECT_FALSE(c.ok) << bad;
    EXPECT_TRUE(c.column.valid.empty()) << "a failed conversion appends nothing";
  }
  EXPECT_EQ(Convert(Column("n", ColumnType::kInt), "3.5").reason, "bad int '3.5'");
}

TEST(FieldConverterTest, FloatRejectsNanAndInfinity) {
  EXPECT_DOUBLE_EQ(Convert(Column("x", ColumnType::kFloat), "-0.25e2").column.floats.at(0), -25.0);
  EXPECT_DOUBLE_EQ(Convert(Column("x", ColumnType::kFloat), "3.0").column.floats.at(0), 3.0);
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "infinity", "1e400", "1,5", "x", ""}) {
    EXPECT_FALSE(Convert(Column("x", ColumnType::kFloat), bad).ok) << bad;
  }
  EXPECT_EQ(Convert(Column("x", ColumnType::kFloat), "nan").reason, "bad float 'nan'");
}

TEST(FieldConverterTest, BoolAcceptsSixSpellingsInAnyCase) {
  for (const char* yes : {"true", "TRUE", "True", "1", "yes", "YeS"}) {
    Converted c = Convert(Column("b", ColumnType::kBool), yes);
    ASSERT_TRUE(c.ok) << yes;
    EXPECT_EQ(c.column.ints.at(0), 1) << yes;
  }
  for (const char* no : {"false", "FALSE", "0", "no", "No"}) {
    Converted c = Convert(Column("b", ColumnType::kBool), no);
    ASSERT_TRUE(c.ok) << no;
    EXPECT_EQ(c.column.ints.at(0), 0) << no;
  }
  for (const char* bad : {"2", "y", "t", "on", "maybe", ""})
    EXPECT_FALSE(Convert(Column("b", ColumnType::kBool), bad).ok);
  EXPECT_NE(
      Convert(Column("b", ColumnType::kBool), "maybe").reason.find("expected true/false, 1/0 or yes/no"),
      std::string::npos);
}

TEST(FieldConverterTest, StringMustBeValidUtf8) {
  EXPECT_TRUE(Convert(Column("s", ColumnType::kString), "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80").ok);
  for (const char* bad : {"\xFF", "\xC0\xAF", "\xED\xA0\x80", "ab\xC3", "\xF4\x90\x80\x80"}) {
    Converted c = Convert(Column("s", ColumnType::kString), bad);
    EXPECT_FALSE(c.ok);
    EXPECT_EQ(c.reason.rfind("invalid UTF-8", 0), 0u) << c.reason;
  }
}

constexpr int64_t kHour = int64_t{3600} * 1000000;

int64_t Utc(int y, int m, int d, int hh, int mm) {
  return (int64_t{time::DaysFromCivil(y, m, d)} * 24 + hh) * kHour + int64_t{mm} * 60 * 1000000;
}

TEST(FieldConverterTest, TimestampZoneIsColumnsThenSourcesThenWorkspaces) {
  // 2026-07-01 12:00 local: Berlin is UTC+2, New York UTC-4, Tokyo UTC+9 in July.
  const char* text = "2026-07-01 12:00";
  EXPECT_EQ(Convert(Column("t", ColumnType::kTimestamp), text, "Europe/Berlin").column.ints.at(0),
            Utc(2026, 7, 1, 10, 0));
  EXPECT_EQ(
      Convert(Column("t", ColumnType::kTimestamp), text, "Europe/Berlin", "Asia/Tokyo").column.ints.at(0),
      Utc(2026, 7, 1, 3, 0));
  EXPECT_EQ(Convert(Column("t", ColumnType::kTimestamp, "t", "", "America/New_York"), text, "Europe/Berlin",
                    "Asia/Tokyo")
                .column.ints.at(0),
            Utc(2026, 7, 1, 16, 0));
  // An explicit offset wins over every zone.
  EXPECT_EQ(Convert(Column("t", ColumnType::kTimestamp), "2026-07-01T12:00:00+01:00", "Asia/Tokyo")
                .column.ints.at(0),
            Utc(2026, 7, 1, 11, 0));
}

TEST(FieldConverterTest, TimestampWithFormatAndItsRejectReason) {
  const auto column = Column("t", ColumnType::kTimestamp, "t", "%m/%d/%Y %H:%M");
  EXPECT_EQ(Convert(column, "6/1/2023 12:15").column.ints.at(0), Utc(2023, 6, 1, 12, 15));
  Converted bad = Convert(column, "2023-06-01 12:15");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.reason.rfind("bad timestamp '2023-06-01 12:15'", 0), 0u) << bad.reason;
  EXPECT_FALSE(Convert(Column("t", ColumnType::kTimestamp), "2026-13-01").ok);
}

TEST(FieldConverterTest, UnknownZoneFailsWhenTheConverterIsMade) {
  const auto column = Column("t", ColumnType::kTimestamp, "t", "", "Mars/Olympus_Mons");
  catalog::SourceDef source = testing::Source("s", catalog::SourceKind::kCsv, "s.csv", {column});
  catalog::Workspace workspace;
  EXPECT_FALSE(FieldConverter::Make(column, source, workspace).ok());
}

TEST(FieldConverterTest, TypedValuesFromJsonOrSqlite) {
  const auto int_column = Column("n", ColumnType::kInt);
  catalog::SourceDef source = testing::Source("s", catalog::SourceKind::kJsonl, "s.jsonl", {int_column});
  catalog::Workspace workspace;
  auto converter = FieldConverter::Make(int_column, source, workspace);
  ASSERT_TRUE(converter.ok());
  ColumnData column;
  column.type = ColumnType::kInt;
  std::string reason;
  EXPECT_TRUE(converter->AppendDouble(4.0, column, reason));
  EXPECT_FALSE(converter->AppendDouble(4.5, column, reason));
  EXPECT_FALSE(converter->AppendDouble(1e300, column, reason));
  EXPECT_TRUE(converter->AppendBool(true, column, reason));
  EXPECT_EQ(column.ints, (std::vector<int64_t>{4, 1}));
}

// The column-at-a-time entry point gives exactly what value-by-value conversion gives,
// nulls included, and reports a value that does not convert.
TEST(FieldConverterTest, AppendTextsEqualsAppendTextPerValue) {
  struct Case {
    catalog::ColumnDef def;
    std::vector<std::string> good;
    std::string bad;
  };
  const std::vector<Case> cases = {
      {Column("i", ColumnType::kInt),
       {"1", "-42", "", "+7", "3.0", "123456789012345678", "9223372036854775807", "-0", "007"},
       "12a"},
      {Column("f", ColumnType::kFloat), {"1.5", "", "-2e3", "+0.25", "7"}, "nan"},
      {Column("b", ColumnType::kBool), {"true", "0", "", "YES", "no", "False", "1"}, "maybe"},
      {Column("s", ColumnType::kString), {"a", "", "b", "a", "long value over eight", "b"}, "\xff"},
      {Column("t", ColumnType::kTimestamp),
       {"2026-01-02T03:04:05Z", "2026-01-02T03:04:06+01:00", "", "2026-01-03", "2026-01-02T03:04:05.25"},
       "2026-02-30T00:00:00Z"},
      {Column("tf", ColumnType::kTimestamp, "", "%d/%m/%Y %H:%M"), {"02/01/2026 03:04", ""}, "2026-01-02"},
  };
  const std::vector<std::string> null_values = {""};
  const NullTexts nulls = NullTexts::Of(null_values);
  for (const Case& c : cases) {
    SCOPED_TRACE(c.def.name);
    catalog::SourceDef source = testing::Source("s", catalog::SourceKind::kCsv, "s.csv", {c.def});
    catalog::Workspace workspace;
    workspace.timezone = "Europe/Berlin";
    auto converter = FieldConverter::Make(c.def, source, workspace);
    ASSERT_TRUE(converter.ok());
    ColumnData one_by_one, at_once;
    one_by_one.type = at_once.type = c.def.type;
    std::string reason;
    for (const std::string& text : c.good) {
      if (text.empty()) {
        AppendNull(one_by_one);
      } else {
        ASSERT_TRUE(converter->AppendText(text, one_by_one, reason)) << text << ": " << reason;
      }
    }
    // Every other element of the field array, as records give one field per column.
    std::vector<std::string_view> fields;
    for (const std::string& text : c.good) {
      fields.push_back(text);
      fields.push_back("ignored");
    }
    ASSERT_TRUE(converter->AppendTexts(fields.data(), 2, c.good.size(), nulls, at_once));
    EXPECT_EQ(at_once.valid, one_by_one.valid);
    EXPECT_EQ(at_once.ints, one_by_one.ints);
    EXPECT_EQ(at_once.floats, one_by_one.floats);
    EXPECT_EQ(at_once.codes, one_by_one.codes);
    EXPECT_EQ(at_once.dictionary, one_by_one.dictionary);

    const std::string& bad = c.bad;
    ASSERT_FALSE(converter->AppendText(bad, one_by_one, reason));
    const std::vector<std::string_view> with_bad = {"", bad};
    ColumnData failed;
    failed.type = c.def.type;
    EXPECT_FALSE(converter->AppendTexts(with_bad.data(), 1, 2, nulls, failed));
  }
}

}  // namespace
}  // namespace northstar::ingest
