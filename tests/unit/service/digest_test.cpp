// The digest (service/digest.h) on planted answers: `volume` (alice's KPI, under carol's
// goal) falls from 24 to 12 on the latest complete day against a target of 20; `quality`
// (bob's) stays exactly where it was, so bob hears nothing; `volume_floor` (dave's) reads
// the same drop against a target of 5: still on track, but a signal, so it changed; the action item the drop
// opens is due in two days, overdue after them, and outside a window of 0 days ahead.
// With --send, each owner's digest reaches a JSON webhook and a Slack one.
#include "service/digest.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "../actions/receiver.h"
#include "service/digest_timer.h"
#include "service/workspace.h"
#include "testing/temp_dir.h"
#include "time/clock.h"
#include "time/timestamp.h"

namespace northstar::service {
namespace {

time::Micros Utc(const char* text) {
  return time::ParseIsoTimestamp(text, time::ZoneConverter::Utc()).value();
}

constexpr const char* kCatalogYaml = R"(goals:
  - id: growth
    statement: Grow the volume
    level: company
    owner: carol
  - id: craft
    statement: Keep the quality
    level: team
    owner: bob
kpis:
  - id: volume
    name: Volume
    goal: growth
    source: t
    formula: count()
    direction: higher_is_better
    frequency: daily
    review: daily
    owner: alice
    target: {value: 20}
    on_deviation:
      - do: Find out why the volume fell
        who: alice
        review_after: 3d
  - id: volume_floor
    name: Volume floor
    goal: growth
    source: t
    formula: count()
    direction: higher_is_better
    frequency: daily
    review: daily
    owner: dave
    target: {value: 5}
  - id: quality
    name: Quality
    goal: craft
    source: t
    formula: count(where ok) / count()
    unit: ratio
    direction: higher_is_better
    frequency: daily
    review: daily
    owner: bob
    target: {value: 0.5}
)";

// 24 rows a day on March 1-12, 2026, except 12 on the 11th (enough rows to alert on);
// every 4th row of a day is not ok, so quality is 0.75 on every day.
std::string Rows() {
  std::string csv = "id,at,ok\n";
  int id = 1;
  for (int d = 1; d <= 12; ++d) {
    const int rows = d == 11 ? 12 : 24;
    for (int r = 0; r < rows; ++r) {
      char line[64];
      std::snprintf(line, sizeof line, "%d,2026-03-%02dT10:%02d:00Z,%s\n", id++, d, r,
                    r % 4 == 3 ? "false" : "true");
      csv += line;
    }
  }
  return csv;
}

class DigestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("northstar.yaml", WorkspaceYaml(""));
    dir_.Write("catalog/kpis.yaml", kCatalogYaml);
    dir_.Write("data/t.csv", Rows());
    env_.clock = &clock_;
  }
  static std::string WorkspaceYaml(const std::string& alerts) {
    return "workspace: digest\ntimezone: UTC\nsources:\n  t:\n    from: csv:data/t.csv\n    key: id\n"
           "    time: at\n    columns: {id: int, at: timestamp, ok: bool}\n" +
           alerts;
  }
  std::unique_ptr<Workspace> OpenComputed() {
    auto ws = Workspace::Open(dir_.path(), env_);
    EXPECT_TRUE(ws.ok()) << ws.status().ToString();
    if (!ws.ok()) return nullptr;
    EXPECT_TRUE((*ws)->Ingest({}).ok());
    EXPECT_TRUE((*ws)->Compute({}).ok());
    AlertRequest alert;
    alert.today = Day("2026-03-12");
    auto run = (*ws)->Alert(alert);
    EXPECT_TRUE(run.ok()) << run.status().ToString();
    return std::move(ws).value();
  }
  static int32_t Day(const char* text) { return *time::ParseLocalDate(text); }
  static const OwnerDigest* Owner(const DigestReport& r, const std::string& name) {
    for (const auto& o : r.owners) {
      if (o.owner == name) return &o;
    }
    return nullptr;
  }

  northstar::testing::TempDir dir_;
  time::FixedClock clock_{
      time::ParseIsoTimestamp("2026-03-12T18:00:00Z", time::ZoneConverter::Utc()).value()};
  Environment env_ = Environment::System();
};

TEST_F(DigestTest, EachOwnerHearsOfTheirKpisOnly) {
  auto ws = OpenComputed();
  ASSERT_NE(ws, nullptr);
  DigestRequest request;
  request.today = Day("2026-03-12");
  auto report = ws->Digest(request);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_EQ(report->today, "2026-03-12");
  ASSERT_EQ(report->owners.size(), 4u);  // alice, bob and dave own KPIs, carol and bob goals
  EXPECT_EQ(report->owners[0].owner, "alice");
  EXPECT_EQ(report->owners[1].owner, "bob");
  EXPECT_EQ(report->owners[2].owner, "carol");
  EXPECT_EQ(report->owners[3].owner, "dave");

  const OwnerDigest* alice = Owner(*report, "alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->kpis, 1);
  ASSERT_EQ(alice->off_track.size(), 1u);
  const DigestKpi& volume = alice->off_track[0];
  EXPECT_EQ(volume.kpi, "volume");
  EXPECT_EQ(volume.period, "2026-03-11");  // the 12th may still fill
  EXPECT_EQ(volume.value, "12");
  EXPECT_EQ(volume.target, "20");
  EXPECT_EQ(volume.change, "-12");
  EXPECT_EQ(volume.previous_status, "on_track");
  EXPECT_TRUE(alice->changed.empty());  // listed once, under off track
  ASSERT_EQ(alice->due.size(), 1u);
  EXPECT_EQ(alice->due[0].due, "2026-03-14");  // the 11th + 3 days
  EXPECT_TRUE(alice->overdue.empty());

  // Quality: 0.75 every day: nothing to say.
  const OwnerDigest* bob = Owner(*report, "bob");
  ASSERT_NE(bob, nullptr);
  EXPECT_EQ(bob->kpis, 1);
  EXPECT_TRUE(bob->off_track.empty());
  EXPECT_TRUE(bob->changed.empty());
  EXPECT_TRUE(bob->due.empty());
  EXPECT_NE(DigestText(*report, *bob).find("Nothing needs you today."), std::string::npos);

  const OwnerDigest* dave = Owner(*report, "dave");
  ASSERT_NE(dave, nullptr);
  EXPECT_TRUE(dave->off_track.empty());
  ASSERT_EQ(dave->changed.size(), 1u);
  EXPECT_EQ(dave->changed[0].kpi, "volume_floor");
  EXPECT_EQ(dave->changed[0].status, "on_track");
  EXPECT_EQ(dave->changed[0].previous_status, "on_track");
  EXPECT_FALSE(dave->changed[0].signals.empty());
  EXPECT_TRUE(dave->due.empty());

  // Carol owns the goal above `volume` and `volume_floor`: she hears of both.
  const OwnerDigest* carol = Owner(*report, "carol");
  ASSERT_NE(carol, nullptr);
  EXPECT_EQ(carol->kpis, 2);
  ASSERT_EQ(carol->off_track.size(), 1u);
  EXPECT_EQ(carol->off_track[0].kpi, "volume");
  ASSERT_EQ(carol->changed.size(), 1u);
  EXPECT_EQ(carol->changed[0].kpi, "volume_floor");
  EXPECT_EQ(carol->due.size(), 1u);

  EXPECT_EQ(
      DigestText(*report, *alice),
      "Northstar digest for alice, digest, 2026-03-12\n"
      "1 KPI: 1 off track, 0 changed, 1 action due\n"
      "\n"
      "Off track\n"
      "  - Volume (volume) 2026-03-11: 12, target 20, -12 on the period before, off_track (was on_track)" +
          std::string(volume.signals.empty() ? "" : ", signals " + volume.signals) +
          "\n"
          "\n"
          "Actions due\n"
          "  - #1 volume: Find out why the volume fell (alice), due 2026-03-14\n");
}

TEST_F(DigestTest, DueWindowAndOverdue) {
  auto ws = OpenComputed();
  ASSERT_NE(ws, nullptr);
  DigestRequest request;
  request.owner = "alice";
  request.today = Day("2026-03-12");
  request.due_within_days = 1;  // due on the 14th: outside the window
  auto report = ws->Digest(request);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->owners.size(), 1u);
  EXPECT_TRUE(report->owners[0].due.empty());
  request.today = Day("2026-03-15");
  report = ws->Digest(request);
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->owners[0].due.size(), 1u);
  EXPECT_EQ(report->owners[0].overdue, std::vector<std::string>{"1"});
  EXPECT_NE(DigestText(*report, report->owners[0]).find("due 2026-03-14 (overdue)"), std::string::npos);
  const nlohmann::json json = nlohmann::json::parse(DigestJson(*report, report->owners[0]));
  EXPECT_EQ(json["owner"], "alice");
  EXPECT_EQ(json["actions_due"][0]["overdue"], true);
  EXPECT_EQ(json["off_track"][0]["kpi"], "volume");
}

TEST_F(DigestTest, SendPostsEachOwnersDigestToEveryWebhook) {
  actions::testing::Receiver receiver;
  ASSERT_GT(receiver.port(), 0);
  dir_.Write("northstar.yaml",
             WorkspaceYaml("alerts:\n  webhooks:\n    - url: " + receiver.Url("/json") +
                           "\n    - url: " + receiver.Url("/slack") + "\n      format: slack\n"));
  auto ws = OpenComputed();
  ASSERT_NE(ws, nullptr);
  const size_t alert_posts = receiver.requests().size();  // the alert run posted the drop
  DigestRequest request;
  request.today = Day("2026-03-12");
  request.send = true;
  auto report = ws->Digest(request);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->deliveries.size(), 8u);  // 4 owners x 2 webhooks
  for (const auto& d : report->deliveries)
    EXPECT_TRUE(d.status.ok()) << d.owner << " " << d.status.ToString();
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), alert_posts + 8);
  const auto& alice_json = requests[alert_posts];
  EXPECT_EQ(alice_json.path, "/json");
  EXPECT_EQ(nlohmann::json::parse(alice_json.body)["owner"], "alice");
  const auto& alice_slack = requests[alert_posts + 1];
  EXPECT_EQ(alice_slack.path, "/slack");
  const std::string text = nlohmann::json::parse(alice_slack.body)["text"];
  EXPECT_EQ(text.rfind("*Northstar digest for alice, digest, 2026-03-12*\n", 0), 0u) << text;
  EXPECT_NE(text.find("• Volume (volume) 2026-03-11: 12"), std::string::npos) << text;
}

// The address book (alerts.digest.to): alice's digest goes to the Slack webhook alone,
// carol's nowhere, everyone else's ("*") to the JSON one.
TEST_F(DigestTest, AddressBookSendsEachOwnersDigestWhereItSays) {
  actions::testing::Receiver receiver;
  dir_.Write("northstar.yaml",
             WorkspaceYaml("alerts:\n  webhooks:\n    - name: team\n      url: " + receiver.Url("/json") +
                           "\n    - name: lead\n      url: " + receiver.Url("/slack") +
                           "\n      format: slack\n  digest:\n    to:\n      alice: [lead]\n"
                           "      carol: []\n      \"*\": [team]\n"));
  auto ws = OpenComputed();
  ASSERT_NE(ws, nullptr);
  const size_t alert_posts = receiver.requests().size();
  DigestRequest request;
  request.today = Day("2026-03-12");
  request.send = true;
  auto report = ws->Digest(request);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  std::vector<std::string> sent;
  for (const auto& d : report->deliveries) {
    EXPECT_TRUE(d.status.ok()) << d.owner << " " << d.status.ToString();
    sent.push_back(d.owner + " " + d.url.substr(d.url.rfind('/')));
  }
  EXPECT_EQ(sent, (std::vector<std::string>{"alice /slack", "bob /json", "dave /json"}));
  const auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), alert_posts + 3);
  EXPECT_EQ(requests[alert_posts].path, "/slack");
  EXPECT_EQ(nlohmann::json::parse(requests[alert_posts + 1].body)["owner"], "bob");
}

TEST(DigestAddressBook, NamesWebhooksThatExist) {
  const std::string hooks =
      "alerts:\n  webhooks:\n    - name: team\n      url: http://127.0.0.1:9/a\n"
      "    - url: http://127.0.0.1:9/b\n";
  auto unknown = actions::ParseAlertConfig(hooks + "  digest:\n    to:\n      alice: [teem]\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "northstar.yaml:8: no webhook named 'teem' (named webhooks: team)");
  auto twice = actions::ParseAlertConfig(
      "alerts:\n  webhooks:\n    - {name: a, url: 'http://127.0.0.1:9/a'}\n    - {name: a, url: "
      "'http://127.0.0.1:9/b'}\n");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("two webhooks are named 'a'"), std::string::npos);
  auto ok = actions::ParseAlertConfig(hooks + "  digest:\n    to:\n      alice: [team]\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->digest.WebhooksOf("alice", 2), (std::vector<size_t>{0}));
  EXPECT_EQ(ok->digest.WebhooksOf("bob", 2), (std::vector<size_t>{0, 1}));  // not listed, no "*": every one
}

// A server down at 08:00 sends that day's digest when it starts again, once; on its
// first start it owes nothing.
TEST_F(DigestTest, TimerCatchesUpOnADigestMissedWhileStopped) {
  actions::testing::Receiver receiver;
  dir_.Write("northstar.yaml", WorkspaceYaml("alerts:\n  webhooks:\n    - url: " + receiver.Url("/json") +
                                             "\n  digest:\n    at: \"08:00\"\n"));
  auto ws = OpenComputed();
  ASSERT_NE(ws, nullptr);
  auto config = actions::LoadAlertConfig(dir_.path());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  const size_t before = receiver.requests().size();
  std::vector<std::string> log;
  auto keep = [&log](const std::string& line) { log.push_back(line); };
  const time::ZoneConverter utc = time::ZoneConverter::Utc();
  {  // the first start, after the day's time: nothing owed, the next is tomorrow's
    DigestTimer first(*ws, config->digest, utc, Utc("2026-03-12T10:00:00Z"), keep);
    EXPECT_EQ(first.Next(), Utc("2026-03-13T08:00:00Z"));
    first.Run(Utc("2026-03-12T10:00:01Z"));
    EXPECT_EQ(receiver.requests().size(), before);
  }
  {  // stopped over the 13th and the 14th; started at 09:00 on the 14th: one digest now
    DigestTimer restarted(*ws, config->digest, utc, Utc("2026-03-14T09:00:00Z"), keep);
    EXPECT_EQ(restarted.Next(), Utc("2026-03-14T09:00:00Z"));
    restarted.Run(Utc("2026-03-14T09:00:00Z"));
    EXPECT_EQ(receiver.requests().size(), before + 4);  // 4 owners, one webhook
    EXPECT_EQ(nlohmann::json::parse(receiver.requests().back().body)["today"], "2026-03-14");
    EXPECT_EQ(restarted.Next(), Utc("2026-03-15T08:00:00Z"));
  }
  {  // restarted again the same morning: it was sent
    DigestTimer again(*ws, config->digest, utc, Utc("2026-03-14T09:30:00Z"), keep);
    EXPECT_EQ(again.Next(), Utc("2026-03-15T08:00:00Z"));
    again.Run(Utc("2026-03-14T09:30:00Z"));
    EXPECT_EQ(receiver.requests().size(), before + 4);
  }
  EXPECT_NE(std::find(log.begin(), log.end(),
                      "missed the digest of 2026-03-14T08:00:00Z while stopped: sends it now"),
            log.end());
}

TEST(DigestFormat, SlackTextEscapesWhatSlackReads) {
  DigestReport report;
  report.workspace = "w";
  report.today = "2026-03-12";
  OwnerDigest owner;
  owner.owner = "<!channel> & co";
  const std::string text = DigestSlackText(report, owner);
  EXPECT_EQ(text.find("<!channel>"), std::string::npos);
  EXPECT_NE(text.find("&lt;!channel&gt; &amp; co"), std::string::npos);
}

}  // namespace
}  // namespace northstar::service

namespace northstar::service {
namespace {

TEST(DigestSchedule, NextTimeIsLocalAndKnowsTheWeekday) {
  const auto berlin = time::ZoneConverter::Create("Europe/Berlin").value();
  actions::DigestSchedule daily;
  daily.enabled = true;
  daily.minute_of_day = 8 * 60;
  // 09:00 in Berlin on the Saturday before summer time: the next 08:00 is Sunday's,
  // already in CEST (UTC+2).
  EXPECT_EQ(NextDigestAt(daily, Utc("2026-03-28T08:00:00Z"), berlin), Utc("2026-03-29T06:00:00Z"));
  // 07:59 local: today's, in CET (UTC+1).
  EXPECT_EQ(NextDigestAt(daily, Utc("2026-03-28T06:59:00Z"), berlin), Utc("2026-03-28T07:00:00Z"));
  // Exactly at the time: the next day's (a run at 08:00 must not repeat itself).
  EXPECT_EQ(NextDigestAt(daily, Utc("2026-03-28T07:00:00Z"), berlin), Utc("2026-03-29T06:00:00Z"));
  actions::DigestSchedule weekly = daily;
  weekly.weekly = true;
  weekly.iso_weekday = 1;  // Monday
  EXPECT_EQ(NextDigestAt(weekly, Utc("2026-03-28T08:00:00Z"), berlin), Utc("2026-03-30T06:00:00Z"));
  // On a Monday after 08:00: next Monday.
  EXPECT_EQ(NextDigestAt(weekly, Utc("2026-03-30T06:00:01Z"), berlin), Utc("2026-04-06T06:00:00Z"));
  EXPECT_EQ(NextDigestAt(weekly, Utc("1970-01-01T00:00:00Z"), time::ZoneConverter::Utc()),
            Utc("1970-01-05T08:00:00Z"));  // 1970-01-01 was a Thursday
}

}  // namespace
}  // namespace northstar::service
