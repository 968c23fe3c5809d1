// Each data-quality finding on constructed data, with a fixed clock.
#include "quality/checks.h"

#include <gtest/gtest.h>

#include "quality/analyze.h"
#include "quality_test_util.h"
#include "store/store.h"
#include "time/clock.h"

namespace northstar::quality {
namespace {

using testing::kMonday;
using testing::MakeBatch;
using testing::Noon;
using testing::Row;

const time::ZoneConverter kUtc = time::ZoneConverter::Utc();

// ----------------------------------------------------------------- duplicates ----

TEST(DuplicateKeysTest, CountsEveryRepetitionAndNamesTheLines) {
  const auto source = testing::TicketSource();
  const auto batch = MakeBatch({{1, kMonday, 10},
                                {2, kMonday, 20},
                                {1, kMonday, 11},
                                {3, kMonday, 30},
                                {1, kMonday, 12},
                                {3, kMonday, 31}});
  auto f = FindDuplicateKeys(source, batch, {});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->kind, FindingKind::kDuplicateKeys);
  EXPECT_EQ(f->count, 3);  // 1 twice more, 3 once more: what the store counts as duplicates
  ASSERT_EQ(f->examples.size(), 2u);
  EXPECT_EQ(f->examples[0], "1 (lines 2, 4, 6)");
  EXPECT_EQ(f->examples[1], "3 (lines 5, 7)");
  EXPECT_NE(f->message.find("3 rows repeat"), std::string::npos) << f->message;
}

TEST(DuplicateKeysTest, NullKeysAndDistinctKeysAreNotDuplicates) {
  const auto source = testing::TicketSource();
  auto batch = MakeBatch({{1, kMonday, 1}, {2, kMonday, 2}, {0, kMonday, 3}, {0, kMonday, 4}});
  batch.columns[0].valid[2] = batch.columns[0].valid[3] = 0;
  EXPECT_FALSE(FindDuplicateKeys(source, batch, {}).has_value());
}

// ---------------------------------------------------------- edits, late rows ----

class StoreChecksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open(dir_.path() + "/store");
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  // Commits `rows` and runs every ingest check with the given clock and results cutoff.
  SourceQuality Ingest(const std::vector<Row>& rows,
                       std::optional<int32_t> last_computed_day = std::nullopt) {
    const ingest::Batch batch = MakeBatch(rows);
    std::optional<store::SourceStats> before;
    if (auto stats = store_->Stats(source_.id); stats.ok()) before = *stats;
    auto outcome = store_->Commit(source_, batch, clock_.Now());
    EXPECT_TRUE(outcome.ok()) << outcome.status().ToString();
    outcome_ = *outcome;
    after_ = *store_->Stats(source_.id);
    auto log = store_->EditLog(source_.id);
    EXPECT_TRUE(log.ok());
    edit_log_ = *log;
    IngestFacts facts;
    facts.source = &source_;
    facts.batch = &batch;
    facts.outcome = &outcome_;
    facts.before = before;
    facts.after = &after_;
    facts.edit_log = edit_log_.get();
    facts.last_computed_day = last_computed_day;
    return AnalyzeIngest(facts, kUtc, clock_.Now(), {});
  }

  static const Finding* Find(const SourceQuality& q, FindingKind kind) {
    for (const auto& f : q.findings) {
      if (f.kind == kind) return &f;
    }
    return nullptr;
  }

  // Ten days of rows, keys 1..10, one per day from kMonday.
  std::vector<Row> TenDays() {
    std::vector<Row> rows;
    for (int i = 0; i < 10; ++i) rows.push_back({i + 1, kMonday + i, 100});
    return rows;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  catalog::SourceDef source_ = testing::TicketSource();
  time::FixedClock clock_{Noon(kMonday + 10)};
  store::IngestOutcome outcome_;
  store::SourceStats after_;
  std::shared_ptr<const store::Table> edit_log_;
};

TEST_F(StoreChecksTest, FirstIngestHasNoEditsNoLateRows) {
  SourceQuality q = Ingest(TenDays());
  EXPECT_EQ(Find(q, FindingKind::kEdits), nullptr);
  EXPECT_EQ(Find(q, FindingKind::kLateRows), nullptr);
  EXPECT_EQ(q.rows, 10u);
}

TEST_F(StoreChecksTest, EditsNameTheKeysThatChanged) {
  Ingest(TenDays());
  SourceQuality q = Ingest({{4, kMonday + 3, 999}, {5, kMonday + 4, 100}, {7, kMonday + 6, 1}});
  const Finding* edits = Find(q, FindingKind::kEdits);
  ASSERT_NE(edits, nullptr);
  EXPECT_EQ(edits->count, 2);  // key 5 came back unchanged: not an edit
  EXPECT_EQ(edits->examples, (std::vector<std::string>{"4", "7"}));
}

TEST_F(StoreChecksTest, LateRowsAreNewRowsAndEditsOnDaysBeforeTheNewestStoredDay) {
  Ingest(TenDays());                                   // newest day stored: kMonday + 9
  SourceQuality q = Ingest({{100, kMonday + 2, 1},     // new row on an old day: late
                            {101, kMonday + 2, 1},     // another one
                            {6, kMonday + 5, 555},     // edit on an old day: late
                            {102, kMonday + 9, 1},     // the newest day may still fill: not late
                            {103, kMonday + 10, 1}});  // a new day: not late
  const Finding* late = Find(q, FindingKind::kLateRows);
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->count, 3);
  EXPECT_EQ(late->examples, (std::vector<std::string>{"2026-03-04 (2)", "2026-03-07 (1)"}));
  EXPECT_NE(late->message.find("older than the newest day stored (2026-03-11)"), std::string::npos)
      << late->message;
}

TEST_F(StoreChecksTest, WithComputedResultsTheLastComputedDayIsAlreadyReported) {
  Ingest(TenDays());
  SourceQuality q = Ingest({{102, kMonday + 9, 1}, {103, kMonday + 10, 1}}, kMonday + 9);
  const Finding* late = Find(q, FindingKind::kLateRows);
  ASSERT_NE(late, nullptr);
  EXPECT_EQ(late->count, 1);
  EXPECT_EQ(late->examples, (std::vector<std::string>{"2026-03-11 (1)"}));
  EXPECT_NE(late->message.find("already computed (through 2026-03-11)"), std::string::npos) << late->message;
}

TEST_F(StoreChecksTest, ReingestingTheSameRowsIsNeitherLateNorAnEdit) {
  Ingest(TenDays());
  SourceQuality q = Ingest(TenDays());
  EXPECT_EQ(outcome_.unchanged, 10);
  EXPECT_EQ(Find(q, FindingKind::kLateRows), nullptr);
  EXPECT_EQ(Find(q, FindingKind::kEdits), nullptr);
  EXPECT_EQ(Find(q, FindingKind::kDuplicateKeys), nullptr);
}

TEST_F(StoreChecksTest, DuplicatesInTheBatchReachTheReport) {
  SourceQuality q = Ingest({{1, kMonday, 1}, {1, kMonday, 2}});
  const Finding* dup = Find(q, FindingKind::kDuplicateKeys);
  ASSERT_NE(dup, nullptr);
  EXPECT_EQ(dup->count, outcome_.duplicates_in_batch);
}

TEST_F(StoreChecksTest, StaleSourceIsReportedAgainstTheInjectedClock) {
  clock_.Set(Noon(kMonday + 9) + 2 * time::kMicrosPerDay);  // exactly the threshold: fine
  EXPECT_EQ(Find(Ingest(TenDays()), FindingKind::kStale), nullptr);
  clock_.Advance(time::kMicrosPerHour);
  const SourceQuality q = Ingest(TenDays());
  const Finding* stale = Find(q, FindingKind::kStale);
  ASSERT_NE(stale, nullptr);
  EXPECT_EQ(stale->examples, (std::vector<std::string>{"2026-03-11T12:00:00Z"}));
  EXPECT_NE(stale->message.find("2.0 days ago"), std::string::npos) << stale->message;
}

// ------------------------------------------------------------------- volume ----

// Eight weeks of `per_day` rows a day from kMonday.
std::map<int32_t, int64_t> Weeks(int weeks, int64_t per_day) {
  std::map<int32_t, int64_t> days;
  for (int d = 0; d < 7 * weeks; ++d) days[kMonday + d] = per_day;
  return days;
}

TEST(VolumeTest, ADayWithoutRowsInsideTheRangeIsAGap) {
  auto days = Weeks(8, 100);
  days.erase(kMonday + 20);
  auto found = FindVolumeAnomalies(days, kMonday, kMonday + 55, {});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, FindingKind::kGap);
  EXPECT_EQ(found[0].count, 1);
  EXPECT_EQ(found[0].examples, (std::vector<std::string>{"2026-03-22"}));
}

TEST(VolumeTest, AWeekdayThatIsAlwaysEmptyIsNotAGap) {
  auto days = Weeks(8, 100);
  for (int w = 0; w < 8; ++w) days.erase(kMonday + 6 + 7 * w);  // closed on Sundays
  EXPECT_TRUE(FindVolumeAnomalies(days, kMonday, kMonday + 55, {}).empty());
  // With nothing to compare it to, an empty Sunday is a gap.
  std::map<int32_t, int64_t> ten_days;
  for (int d = 0; d < 10; ++d) ten_days[kMonday + d] = d == 6 ? 0 : 100;
  ten_days.erase(kMonday + 6);
  auto short_range = FindVolumeAnomalies(ten_days, kMonday, kMonday + 9, {});
  ASSERT_EQ(short_range.size(), 1u);
  EXPECT_EQ(short_range[0].examples, (std::vector<std::string>{"2026-03-08"}));
  // One empty Sunday among busy ones is a gap.
  auto busy = Weeks(8, 100);
  busy.erase(kMonday + 27);
  auto found = FindVolumeAnomalies(busy, kMonday, kMonday + 55, {});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].examples, (std::vector<std::string>{"2026-03-29"}));
}

TEST(VolumeTest, ADayBelowHalfTheSameWeekdayMedianIsADrop) {
  auto days = Weeks(8, 100);
  days[kMonday + 29] = 49;  // a Wednesday: median of the 4 Wednesdays before is 100
  days[kMonday + 30] = 50;  // exactly half: not a drop
  auto found = FindVolumeAnomalies(days, kMonday, kMonday + 55, {});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].kind, FindingKind::kVolumeDrop);
  EXPECT_EQ(found[0].count, 1);
  EXPECT_EQ(found[0].examples, (std::vector<std::string>{"2026-03-31 (49 rows, usual 100)"}));
}

TEST(VolumeTest, DropsNeedFourWeeksOfHistoryAndSkipTheNewestDay) {
  auto days = Weeks(8, 100);
  days[kMonday + 20] = 1;  // only 2 earlier same weekdays: not judged
  days[kMonday + 55] = 1;  // newest day, may still be filling
  EXPECT_TRUE(FindVolumeAnomalies(days, kMonday, kMonday + 55, {}).empty());
  QualityOptions loose;
  loose.trailing_weeks = 2;
  auto found = FindVolumeAnomalies(days, kMonday, kMonday + 55, loose);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].examples[0], "2026-03-22 (1 rows, usual 100)");
}

TEST(VolumeTest, MedianIgnoresOneOutlierWeek) {
  auto days = Weeks(8, 100);
  days[kMonday + 28 - 7] = 1000;  // a spike does not raise the bar
  days[kMonday + 28] = 45;
  auto found = FindVolumeAnomalies(days, kMonday + 28, kMonday + 28, {});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].examples[0], "2026-03-30 (45 rows, usual 100)");
}

TEST(VolumeTest, OnlyTheAskedDaysAreJudged) {
  auto days = Weeks(8, 100);
  days.erase(kMonday + 3);
  EXPECT_TRUE(FindVolumeAnomalies(days, kMonday + 7, kMonday + 55, {}).empty());
}

// --------------------------------------------------------------- staleness ----

TEST(StalenessTest, ThresholdIsAnOption) {
  time::FixedClock clock(Noon(kMonday) + 3 * time::kMicrosPerDay);
  EXPECT_TRUE(FindStaleness("t", Noon(kMonday), clock.Now(), {}).has_value());
  QualityOptions relaxed;
  relaxed.stale_after = 5 * time::kMicrosPerDay;
  EXPECT_FALSE(FindStaleness("t", Noon(kMonday), clock.Now(), relaxed).has_value());
  EXPECT_FALSE(FindStaleness("t", std::nullopt, clock.Now(), {}).has_value());
}

// ------------------------------------------------------------ schema drift ----

TEST(SchemaDriftTest, NewAndGoneColumnsSinceThePreviousIngest) {
  const auto source = testing::TicketSource();
  auto f = FindSchemaDrift(source, {"id", "t", "v", "channel"},
                           std::vector<std::string>{"id", "t", "v", "region"});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->count, 2);
  EXPECT_EQ(f->examples, (std::vector<std::string>{"+channel", "-region"}));
  EXPECT_NE(f->message.find("new since the previous ingest: channel"), std::string::npos) << f->message;
}

TEST(SchemaDriftTest, DeclaredColumnsMissingFromTheInput) {
  auto source = testing::TicketSource();
  source.columns[2].from = "Value";  // renamed on the way in: looked up by its input name
  auto f = FindSchemaDrift(source, {"id", "t", "v"}, std::nullopt);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->examples, (std::vector<std::string>{"!Value"}));
  EXPECT_FALSE(FindSchemaDrift(source, {"id", "t", "Value"}, std::vector<std::string>{"t", "id", "Value"}));
}

}  // namespace
}  // namespace northstar::quality
