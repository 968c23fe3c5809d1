#include "engine/data_shape.h"

#include <gtest/gtest.h>

#include "engine/refresh_window.h"
#include "time/period.h"

namespace northstar::engine {
namespace {

DataShape Sample() {
  DataShape shape;
  SourceShape& t = shape.sources["tickets"];
  t.timed = true;
  t.day_rows = {{20000, 3}, {20002, 1}, {20010, 7}};
  t.label_rows["channel"] = {{"email", 5}, {"web chat", 4}, {"a\\b\nc\r", 2}};
  t.label_rows["region"] = {};  // a dimension with no rows yet
  shape.sources["plans"].label_rows["tier"] = {{"(null)", 1}};
  return shape;
}

bool Same(const DataShape& a, const DataShape& b) {
  if (a.sources.size() != b.sources.size()) return false;
  for (const auto& [id, s] : a.sources) {
    auto it = b.sources.find(id);
    if (it == b.sources.end() || it->second.timed != s.timed || it->second.day_rows != s.day_rows ||
        it->second.label_rows != s.label_rows) {
      return false;
    }
  }
  return true;
}

TEST(DataShapeTest, TextRoundTripKeepsEveryCountAndOddLabels) {
  const DataShape shape = Sample();
  auto back = DecodeShape(EncodeShape(shape));
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(Same(shape, *back)) << EncodeShape(*back);
  EXPECT_EQ(back->sources.at("tickets").min_day(), 20000);
  EXPECT_EQ(back->sources.at("tickets").max_day(), 20010);
  EXPECT_FALSE(back->sources.at("plans").has_days());
}

TEST(DataShapeTest, RejectsTextItDidNotWrite) {
  EXPECT_FALSE(DecodeShape("days tickets x 1 2\n").ok());
  EXPECT_FALSE(DecodeShape("label tickets channel many email\n").ok());
  EXPECT_FALSE(DecodeShape("label tickets channel 1 bad\\q\n").ok());
  EXPECT_FALSE(DecodeShape("something else\n").ok());
}

TEST(DataShapeTest, AddingADeltaDropsWhatReachesZero) {
  DataShape shape = Sample();
  DataShape delta;
  SourceShape& d = delta.sources["tickets"];
  d.day_rows = {{20000, -3}, {20011, 2}};
  d.label_rows["channel"] = {{"email", -5}, {"phone", 2}};
  ASSERT_TRUE(AddShape(shape, delta).ok());
  const SourceShape& t = shape.sources.at("tickets");
  EXPECT_EQ(t.min_day(), 20002);
  EXPECT_EQ(t.max_day(), 20011);
  EXPECT_EQ(t.label_rows.at("channel").count("email"), 0u);
  EXPECT_EQ(t.label_rows.at("channel").at("phone"), 2);
}

TEST(DataShapeTest, ADeltaThatTakesMoreRowsThanThereAreIsAnError) {
  DataShape shape = Sample();
  DataShape delta;
  delta.sources["tickets"].label_rows["channel"] = {{"email", -6}};
  EXPECT_FALSE(AddShape(shape, delta).ok());
}

TEST(RefreshWindowTest, RecomputesTheChangedWeekAndTheWeeksSeriesReachFrom) {
  // 2026-01-05 is a Monday; 6 weeks of data, one changed day in week 3 (2026-01-21).
  const int32_t monday = time::PeriodOfDay(20458, catalog::Grain::kDay).index;  // 2026-01-05
  ASSERT_EQ(time::PeriodLabel({catalog::Grain::kDay, monday}), "2026-01-05");
  const int32_t min_day = monday, max_day = monday + 41;
  const RefreshWindow w = PlanRefreshWindow(min_day, max_day, {monday + 16}, 1, {catalog::Grain::kWeek});
  const auto& weeks = w.out[static_cast<size_t>(catalog::Grain::kWeek)];
  ASSERT_EQ(weeks.size(), 6u);
  EXPECT_EQ(std::vector<uint8_t>(weeks.begin(), weeks.end()), (std::vector<uint8_t>{0, 0, 1, 1, 0, 0}));
  // Days read: weeks 2..4 (one week back for the reach of 1).
  for (int32_t d = min_day; d <= max_day; ++d) {
    const bool read = d >= monday + 7 && d < monday + 28;
    EXPECT_EQ(w.read_day[d - min_day] != 0, read) << "day offset " << d - min_day;
  }
  EXPECT_TRUE(w.ReadsAny(monday, monday + 7));
  EXPECT_FALSE(w.ReadsAny(monday + 28, monday + 100));
  // Grains not asked for recompute nothing.
  for (uint8_t m : w.out[static_cast<size_t>(catalog::Grain::kMonth)]) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace northstar::engine
