#include "results/results_db.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace northstar::results {
namespace {

class ResultsDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ns_results_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    auto db = ResultsDb::Open((dir_ / "sub" / "results.db").string());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  static ValueRow Row(std::string period, std::string segment, std::optional<double> v, int64_t rows = 1) {
    return ValueRow{"frt", catalog::Grain::kWeek, std::move(period), std::move(segment), v, rows};
  }
  std::filesystem::path dir_;
  std::unique_ptr<ResultsDb> db_;
};

TEST_F(ResultsDbTest, SameHashKeepsVersionNewHashStartsNext) {
  auto v1 = db_->EnsureVersion("frt", "h1", "avg(x)", "", "2026-01-01T00:00:00Z");
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(*v1, 1);
  EXPECT_EQ(*db_->EnsureVersion("frt", "h1", "avg(x)", "", "2026-01-02T00:00:00Z"), 1);
  EXPECT_EQ(*db_->EnsureVersion("frt", "h2", "median(x)", "robust to outliers", "2026-01-03T00:00:00Z"), 2);
  EXPECT_EQ(*db_->EnsureVersion("other", "h2", "median(x)", "", "2026-01-03T00:00:00Z"), 1);
  auto versions = db_->Versions("frt");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[1].change_reason, "robust to outliers");
}

// A version recorded under an older identity of the same definition is re-keyed, not
// followed by a new version; a hash that is neither starts the next version.
TEST_F(ResultsDbTest, LegacyHashOfTheLatestVersionIsReKeyed) {
  ASSERT_TRUE(db_->EnsureVersion("frt", "old", "avg(x) v1 text", "", "2026-01-01T00:00:00Z").ok());
  EXPECT_EQ(*db_->EnsureVersion("frt", "new", "avg(x)", "", "2026-01-02T00:00:00Z", "old"), 1);
  auto versions = db_->Versions("frt");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].hash, "new");
  EXPECT_EQ((*versions)[0].definition, "avg(x)");
  EXPECT_EQ((*versions)[0].created_at, "2026-01-01T00:00:00Z");
  EXPECT_EQ(*db_->EnsureVersion("frt", "new", "avg(x)", "", "2026-01-03T00:00:00Z", "old"), 1);
  EXPECT_EQ(*db_->EnsureVersion("frt", "other", "sum(x)", "why", "2026-01-04T00:00:00Z", "old"), 2);
}

TEST_F(ResultsDbTest, ValuesOutsideTheShapeAreRemoved) {
  ValueRow day = Row("2026-01-05", "*", 0.4);
  day.grain = catalog::Grain::kDay;
  ASSERT_TRUE(db_->Write(1,
                         {Row("2026-W01", "*", 0.5), Row("2026-W01", "channel=email", 0.25),
                          Row("2026-W01", "region=EU", 0.75), Row("2026-W02", "channel=chat", 0.1), day},
                         "2026-01-05T00:00:00Z", "compute")
                  .ok());
  // Weekly now (the day value goes), segmented by region only (the channel values go).
  auto removed = db_->DropValuesOutside("frt", 1, catalog::Grain::kWeek, {"region"});
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 3);
  EXPECT_EQ(db_->Series("frt", catalog::Grain::kWeek, "channel=email", 1)->size(), 0u);
  EXPECT_EQ(db_->Series("frt", catalog::Grain::kDay, "*", 1)->size(), 0u);
  EXPECT_EQ(db_->Series("frt", catalog::Grain::kWeek, "region=EU", 1)->size(), 1u);
  EXPECT_EQ(db_->Series("frt", catalog::Grain::kWeek, "*", 1)->size(), 1u);
  EXPECT_EQ(*db_->DropValuesOutside("frt", 1, catalog::Grain::kWeek, {"region"}), 0);
}

// A source without time has one value, period `all`, at its measure's frequency: after
// a change of frequency the value at the former grain goes, finer or coarser.
TEST_F(ResultsDbTest, TheSingleValueOfAnUntimedSourceMovesWithTheFrequency) {
  ValueRow weekly = Row("all", "*", 0.5);
  ValueRow daily = weekly;
  daily.grain = catalog::Grain::kDay;
  daily.value = 0.25;
  ASSERT_TRUE(db_->Write(1, {weekly, daily}, "2026-01-05T00:00:00Z", "compute").ok());
  EXPECT_EQ(*db_->DropValuesOutside("frt", 1, catalog::Grain::kDay, {}), 1);
  EXPECT_EQ(db_->Series("frt", catalog::Grain::kWeek, "*", 1)->size(), 0u);
  EXPECT_EQ(db_->Series("frt", catalog::Grain::kDay, "*", 1)->size(), 1u);
}

TEST_F(ResultsDbTest, ChangedValueIsRestatedAndOldValueKept) {
  auto first = db_->Write(1, {Row("2026-W01", "*", 0.5), Row("2026-W01", "channel=email", std::nullopt)},
                          "2026-01-05T00:00:00Z", "compute");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->inserted, 2);

  auto second = db_->Write(1, {Row("2026-W01", "*", 0.625), Row("2026-W01", "channel=email", std::nullopt)},
                           "2026-01-09T00:00:00Z", "late rows in tickets");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->restated, 1);
  EXPECT_EQ(second->unchanged, 1);

  auto history = db_->Restatements("frt");
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].old_value, 0.5);
  EXPECT_EQ((*history)[0].new_value, 0.625);
  EXPECT_EQ((*history)[0].old_computed_at, "2026-01-05T00:00:00Z");
  EXPECT_EQ((*history)[0].reason, "late rows in tickets");

  auto series = db_->Series("frt", catalog::Grain::kWeek, "*", 1);
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].value, 0.625);
}

TEST_F(ResultsDbTest, SameValueFromMoreRowsUpdatesTheRowsWithoutARestatement) {
  // A share that stays at 1 while rows come in: the value is not restated, but the
  // rows behind it (read by the judge's volume rules) must follow.
  ASSERT_TRUE(db_->Write(1, {Row("2026-W10", "region=EU", 1.0, 10)}, "t1", "compute").ok());
  auto second = db_->Write(1, {Row("2026-W10", "region=EU", 1.0, 18)}, "t2", "recomputed after ingest");
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->restated, 0);
  EXPECT_EQ(second->unchanged, 1);
  auto series = db_->Series("frt", catalog::Grain::kWeek, "region=EU", 1);
  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->size(), 1u);
  EXPECT_EQ((*series)[0].rows, 18);
  auto history = db_->Restatements("frt");
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
}

TEST_F(ResultsDbTest, NullToValueIsARestatement) {
  ASSERT_TRUE(db_->Write(1, {Row("2026-W02", "*", std::nullopt)}, "t1", "compute").ok());
  auto second = db_->Write(1, {Row("2026-W02", "*", 3.0)}, "t2", "late rows");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->restated, 1);
  auto history = db_->Restatements("frt");
  ASSERT_EQ(history->size(), 1u);
  EXPECT_FALSE((*history)[0].old_value.has_value());
}

TEST_F(ResultsDbTest, VersionsNeverMixInASeries) {
  ASSERT_TRUE(db_->EnsureVersion("frt", "h1", "a", "", "t").ok());
  ASSERT_TRUE(db_->Write(1, {Row("2026-W01", "*", 1.0), Row("2026-W02", "*", 2.0)}, "t", "compute").ok());
  ASSERT_TRUE(db_->EnsureVersion("frt", "h2", "b", "new rule", "t").ok());
  ASSERT_TRUE(db_->Write(2, {Row("2026-W02", "*", 20.0)}, "t", "compute").ok());
  EXPECT_EQ(db_->Series("frt", catalog::Grain::kWeek, "*", 1)->size(), 2u);
  auto v2 = db_->Series("frt", catalog::Grain::kWeek, "*", 2);
  ASSERT_EQ(v2->size(), 1u);
  EXPECT_EQ((*v2)[0].value, 20.0);
  auto latest = db_->LatestValues();
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 1u);  // only version 2's values
  EXPECT_EQ((*latest)[0].period, "2026-W02");
}

TEST_F(ResultsDbTest, MetaRoundTrip) {
  auto missing = db_->GetMeta("last_commit");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ASSERT_TRUE(db_->SetMeta("last_commit", "17").ok());
  EXPECT_EQ(db_->GetMeta("last_commit")->value(), "17");
}

TEST(ResultsDbOpenTest, UnwritableLocationIsAnIOError) {
  auto db = ResultsDb::Open("/proc/northstar/results.db");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace northstar::results
