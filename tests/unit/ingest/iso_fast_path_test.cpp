// The allocation-free ISO 8601 path of the field converter must agree with the general
// parser: same value whenever it accepts, and it must never accept what the general
// parser rejects (the reject reason always comes from the general parser).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "ingest/field_converter.h"
#include "time/timestamp.h"

namespace northstar::ingest {
namespace {

// Fast path result, or nullopt when it declines.
std::optional<int64_t> Fast(std::string_view text, const time::ZoneConverter& zone) {
  int64_t micros = 0;
  if (!ParseIsoTimestampFast(text, zone, micros)) return std::nullopt;
  return micros;
}

void ExpectAgrees(std::string_view text, const time::ZoneConverter& zone) {
  SCOPED_TRACE(std::string(text));
  const Result<time::Micros> general = time::ParseIsoTimestamp(text, zone);
  const std::optional<int64_t> fast = Fast(text, zone);
  if (fast) {
    ASSERT_TRUE(general.ok()) << "fast path accepted what the parser rejects";
    EXPECT_EQ(*fast, *general);
  }
}

TEST(IsoFastPathTest, TakesTheCommonShapesWithOffsetsAndFractions) {
  const time::ZoneConverter utc = time::ZoneConverter::Utc();
  // 2024-11-25T00:00:07+01:00 is 2024-11-24T23:00:07Z.
  EXPECT_EQ(Fast("2024-11-25T00:00:07+01:00", utc), *time::ParseIsoTimestamp("2024-11-24T23:00:07Z", utc));
  EXPECT_EQ(Fast("2024-11-25T00:00:07Z", utc), *time::ParseIsoTimestamp("2024-11-25T00:00:07Z", utc));
  EXPECT_EQ(Fast("1970-01-01T00:00:00Z", utc), 0);
  EXPECT_EQ(Fast("1970-01-01T00:00:00.5Z", utc), 500000);
  EXPECT_EQ(Fast("1970-01-01T00:00:00.000001Z", utc), 1);
  EXPECT_EQ(Fast("1970-01-01T05:30:00+05:30", utc), 0);
  EXPECT_EQ(Fast("1969-12-31T21:00:00-03:00", utc), 0);
  EXPECT_EQ(Fast("1969-12-31T23:59:59.999999Z", utc), -1);
  for (const char* text :
       {"2024-11-25T00:00:07+01:00", "2024-02-29T12:00:00Z", "2000-02-29T23:59:59.123456-11:45",
        "2026-03-29T02:30:00", "2026-10-25T02:30:00", "2026-06-01T10:20:30.25"}) {
    EXPECT_TRUE(Fast(text, utc).has_value()) << text;
    ExpectAgrees(text, utc);
  }
}

TEST(IsoFastPathTest, OffsetLessTextUsesTheZoneLikeTheParser) {
  auto berlin = time::ZoneConverter::Create("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  // A spring-forward gap and a fall-back overlap follow the parser's rules.
  for (const char* text : {"2026-03-29T02:30:00", "2026-10-25T02:30:00", "2026-07-01T12:00:00.1"}) {
    ASSERT_TRUE(Fast(text, *berlin).has_value()) << text;
    ExpectAgrees(text, *berlin);
  }
}

TEST(IsoFastPathTest, DeclinesInvalidDatesAndTimesWhichTheConverterRejects) {
  const time::ZoneConverter utc = time::ZoneConverter::Utc();
  for (const char* text :
       {"2026-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2100-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:60Z", "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00+01:60",
        "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00Zjunk", "2026-01-01T00:00:00+01:00x",
        "2026-1-01T00:00:00Z", "2026-01-01T00:00:0aZ"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(Fast(text, utc).has_value());
    catalog::ColumnDef def;
    def.name = "t";
    def.type = catalog::ColumnType::kTimestamp;
    catalog::SourceDef source;
    catalog::Workspace workspace;
    auto converter = FieldConverter::Make(def, source, workspace);
    ASSERT_TRUE(converter.ok());
    ColumnData column;
    column.type = catalog::ColumnType::kTimestamp;
    std::string reason;
    EXPECT_FALSE(converter->AppendText(text, column, reason));
    EXPECT_NE(reason.find("bad timestamp"), std::string::npos);
    EXPECT_EQ(column.size(), 0u);
  }
}

TEST(IsoFastPathTest, LeavesOtherShapesToTheParser) {
  const time::ZoneConverter utc = time::ZoneConverter::Utc();
  // Accepted by the parser, but not the fast path's shape: the converter still takes them.
  for (const char* text : {"2026-01-01", "2026-01-01 10:20:30", "2026-01-01t10:20:30z", "2026-01-01T10:20Z",
                           "2026-01-01T10:20:30+0100", "2026-01-01T10:20:30+01", " 2026-01-01T10:20:30Z",
                           "2026-01-01T10:20:30.1234567Z", "2026-01-01T10:20:30,5Z"}) {
    SCOPED_TRACE(text);
    EXPECT_FALSE(Fast(text, utc).has_value());
    EXPECT_TRUE(time::ParseIsoTimestamp(text, utc).ok());
  }
}

TEST(IsoFastPathTest, AgreesWithTheParserOnRandomTimestamps) {
  auto berlin = time::ZoneConverter::Create("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  std::mt19937 random(7);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    char text[64];
    const int year = pick(1, 2999), month = pick(0, 13), day = pick(0, 32);
    const int hour = pick(0, 25), minute = pick(0, 61), second = pick(0, 61);
    int n = std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute,
                          second);
    const int fraction_digits = pick(0, 8);
    if (fraction_digits > 0) {
      text[n++] = '.';
      for (int d = 0; d < fraction_digits; ++d) text[n++] = static_cast<char>('0' + pick(0, 9));
    }
    switch (pick(0, 3)) {
      case 0: break;
      case 1: text[n++] = 'Z'; break;
      default:
        n += std::snprintf(text + n, sizeof text - n, "%c%02d:%02d", pick(0, 1) ? '+' : '-', pick(0, 25),
                           pick(0, 61));
    }
    const std::string_view view(text, n);
    ExpectAgrees(view, *berlin);
    ExpectAgrees(view, time::ZoneConverter::Utc());
    accepted += Fast(view, *berlin).has_value();
  }
  EXPECT_GT(accepted, 2000);  // the comparison really exercised the fast path
}

// A memo of the last date read must never change a result: neighbours with the same
// date reuse it, a different or invalid date is read afresh.
TEST(IsoFastPathTest, DateMemoGivesTheSameResultsAsNoMemo) {
  auto berlin = time::ZoneConverter::Create("Europe/Berlin");
  ASSERT_TRUE(berlin.ok());
  const std::vector<std::string> texts = {
      "2026-02-28T10:00:00Z",      "2026-02-28T23:59:59+01:00", "2026-02-28T24:00:00Z",
      "2026-02-29T10:00:00Z",      "2026-02-28T01:02:03.5",     "2024-02-29T00:00:00Z",
      "2024-02-29T00:00:00-05:30", "2024-13-29T00:00:00Z",      "2024-02-29T00:00:00Z",
      "2024-02-29 00:00:00Z",      "2024-02-29T00:00:00Z",      "2025-03-30T02:30:00",
      "2025-03-30T03:30:00",       "2025-03-30X03:30:00"};
  IsoDateMemo memo;
  for (const std::string& text : texts) {
    SCOPED_TRACE(text);
    int64_t with_memo = 0;
    const bool ok_memo = ParseIsoTimestampFast(text, *berlin, memo, with_memo);
    const std::optional<int64_t> plain = Fast(text, *berlin);
    ASSERT_EQ(ok_memo, plain.has_value());
    if (ok_memo) EXPECT_EQ(with_memo, *plain);
  }
}

}  // namespace
}  // namespace northstar::ingest
