// When `serve` re-reads each source, on planted times: a source's own `refresh:`, the
// server's --refresh-every for the others, never for a source with neither.
#include "server/refresh_schedule.h"

#include <gtest/gtest.h>

namespace northstar::server {
namespace {

using Sources = std::vector<std::string>;

catalog::Workspace ThreeSources() {
  catalog::Workspace ws;
  for (const auto& [id, seconds] :
       std::vector<std::pair<std::string, int64_t>>{{"tickets", 60}, {"deals", 300}, {"survey", 0}}) {
    catalog::SourceDef s;
    s.id = id;
    s.refresh_seconds = seconds;
    ws.sources.push_back(s);
  }
  return ws;
}

constexpr time::Micros kStart = 1'800'000'000 * time::kMicrosPerSecond;
time::Micros At(int64_t seconds) {
  return kStart + seconds * time::kMicrosPerSecond;
}

TEST(RefreshScheduleTest, EachSourceOnItsOwnCadenceAndTheRestNever) {
  RefreshSchedule schedule(ThreeSources(), 0, kStart);
  EXPECT_EQ(schedule.CadenceOf("tickets"), 60);
  EXPECT_EQ(schedule.CadenceOf("survey"), 0);
  EXPECT_EQ(schedule.Next(), At(60));
  EXPECT_EQ(schedule.Due(At(59)), Sources{});  // the quiet stretch: nothing is due early
  EXPECT_EQ(schedule.Due(At(60)), Sources{"tickets"});
  EXPECT_EQ(schedule.Next(), At(120));
  for (int64_t t = 120; t < 300; t += 60) EXPECT_EQ(schedule.Due(At(t)), Sources{"tickets"}) << t;
  // Both due at 300: refreshed together, so the server computes once.
  EXPECT_EQ(schedule.Due(At(300)), (Sources{"tickets", "deals"}));
  EXPECT_EQ(schedule.Next(), At(360));
  // survey has no cadence: it is never due, however late.
  for (int64_t t = 360; t <= 3600; t += 60) {
    for (const std::string& s : schedule.Due(At(t))) EXPECT_NE(s, "survey") << t;
  }
}

TEST(RefreshScheduleTest, TheServersCadenceCoversSourcesWithoutTheirOwn) {
  RefreshSchedule schedule(ThreeSources(), 120, kStart);
  EXPECT_EQ(schedule.CadenceOf("survey"), 120);
  EXPECT_EQ(schedule.CadenceOf("deals"), 300);  // its own cadence wins
  EXPECT_EQ(schedule.Due(At(60)), Sources{"tickets"});
  EXPECT_EQ(schedule.Due(At(120)), (Sources{"tickets", "survey"}));
}

TEST(RefreshScheduleTest, AServerThatFellBehindRunsOneTickNotEveryMissedOne) {
  RefreshSchedule schedule(ThreeSources(), 0, kStart);
  // A compute that took ten minutes: tickets is due once, then a minute later again.
  EXPECT_EQ(schedule.Due(At(600)), (Sources{"tickets", "deals"}));
  EXPECT_EQ(schedule.Due(At(601)), Sources{});
  EXPECT_EQ(schedule.Next(), At(660));
}

TEST(RefreshScheduleTest, NothingScheduledHasNoNextTime) {
  catalog::Workspace none;
  RefreshSchedule empty(none, 0, kStart);
  EXPECT_FALSE(empty.Next().has_value());
  EXPECT_TRUE(empty.Due(At(1'000'000)).empty());
}

}  // namespace
}  // namespace northstar::server
