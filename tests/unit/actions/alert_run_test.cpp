// Alerts, action items, recoveries and verdicts on the planted workspace (fixture.h).
#include "actions/alert_run.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "fixture.h"
#include "receiver.h"

namespace northstar::actions {
namespace {

using testing::PlantedWorkspace;
using testing::Week;

class RecordingSink final : public AlertSink {
 public:
  Status Send(const Alert& alert) override {
    if (fail) return Status::IOError("down");
    alerts.push_back(alert);
    return Status::Ok();
  }
  std::string Name() const override { return "recording"; }
  std::vector<Alert> alerts;
  bool fail = false;
};

int32_t DayAfterData() {
  return time::LastDay({catalog::Grain::kWeek, testing::StartWeek() + testing::kWeeks - 1}) + 1;
}

const Alert* FindAlert(const std::vector<Alert>& alerts, const std::string& kpi, const std::string& period,
                       const std::string& segment, AlertKind kind) {
  for (const Alert& a : alerts) {
    if (a.kpi == kpi && a.period == period && a.segment == segment && a.kind == kind) return &a;
  }
  return nullptr;
}

class AlertRunTest : public PlantedWorkspace {
 protected:
  AlertRunReport Run(AlertConfig config, std::vector<AlertSink*> sinks, bool all_periods = true) {
    auto assessment = Assess(AssessOptionsFor(config));
    AlertRunOptions options;
    options.all_periods = all_periods;
    options.today = DayAfterData();
    options.now_iso = "2026-01-01T00:00:00Z";
    auto report = RunAlerts(*assessment, *log_, config, sinks, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? std::move(report).value() : AlertRunReport{};
  }
};

TEST_F(AlertRunTest, StepDownAlertsWithTheKpisActionAndOpensAnItem) {
  RecordingSink sink;
  AlertRunReport report = Run({}, {&sink});
  const Alert* dip = FindAlert(sink.alerts, "speed", Week(20), "*", AlertKind::kSignal);
  ASSERT_NE(dip, nullptr);
  EXPECT_NE(std::find(dip->rules.begin(), dip->rules.end(), "beyond_limits"), dip->rules.end());
  EXPECT_EQ(dip->owner, "head");
  ASSERT_EQ(dip->actions.size(), 1u);
  EXPECT_EQ(dip->actions[0].what, "Add a shift during peak hours");
  ASSERT_EQ(dip->items.size(), 1u);
  // The item: what, who, due = last day of the period + 14 days.
  auto item = log_->Item(dip->items[0]);
  ASSERT_TRUE(item.ok() && item->has_value());
  EXPECT_EQ((*item)->what, "Add a shift during peak hours");
  EXPECT_EQ((*item)->who, "lead");
  const int32_t last_day = time::LastDay(time::ParsePeriod(Week(20)).value());
  EXPECT_EQ((*item)->due, DayText(last_day + 14));
  // The next week is still down: alerted, but no second item while one is open.
  const Alert* again = FindAlert(sink.alerts, "speed", Week(21), "*", AlertKind::kSignal);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(again->items.empty());
}

TEST_F(AlertRunTest, TextReadsInTheKpisUnitWhileJsonKeepsExactNumbers) {
  RecordingSink sink;
  Run({}, {&sink});
  const Alert* dip = FindAlert(sink.alerts, "speed", Week(20), "*", AlertKind::kSignal);
  ASSERT_NE(dip, nullptr);
  const std::string text = AlertText(*dip);
  // speed is a ratio: 0.6 against 0.8 reads as percentages.
  EXPECT_NE(text.find("speed " + Week(20) + " * = 60 % (target 80 %, off_track)"), std::string::npos) << text;
  EXPECT_NE(text.find("; limits "), std::string::npos) << text;
  EXPECT_EQ(text.find("e+"), std::string::npos) << text;
  EXPECT_EQ(SlackPayload(*dip)["text"], text);
  const nlohmann::json json = AlertToJson(*dip);
  EXPECT_EQ(json["target"], "0.8");
  EXPECT_EQ(json["value"].get<double>(), 0.6);
  const std::string detail = json["detail"];
  EXPECT_EQ(detail.find('%'), std::string::npos) << detail;  // exact numbers, no unit
  EXPECT_NE(detail.find("; limits 0."), std::string::npos) << detail;
}

TEST_F(AlertRunTest, QuietStretchesRaiseNothing) {
  RecordingSink sink;
  Run({}, {&sink});
  for (const Alert& a : sink.alerts) {
    const int week = time::ParsePeriod(a.period).value().index - testing::StartWeek();
    EXPECT_GE(week, 20) << a.Headline();  // nothing before the first planted effect
    // Between the recovery and the gaming episode speed is quiet again.
    if (a.kpi == "speed" && a.segment == "*" && a.kind == AlertKind::kSignal) {
      EXPECT_FALSE(week >= 22 && week <= 29) << a.Headline();
    }
  }
  // The favourable jump of speed (weeks 30-31) alerts only as a gaming risk.
  EXPECT_EQ(FindAlert(sink.alerts, "speed", Week(30), "*", AlertKind::kSignal), nullptr);
}

TEST_F(AlertRunTest, RecoveryIsAnnouncedOnceWhenBackOnTrack) {
  RecordingSink sink;
  Run({}, {&sink});
  const Alert* recovered = FindAlert(sink.alerts, "speed", Week(22), "*", AlertKind::kRecovered);
  ASSERT_NE(recovered, nullptr);
  EXPECT_EQ(recovered->rules, std::vector<std::string>{"recovered"});
  int recoveries = 0;
  for (const Alert& a : sink.alerts) {
    const int week = time::ParsePeriod(a.period).value().index - testing::StartWeek();
    recoveries += a.kpi == "speed" && a.segment == "*" && a.kind == AlertKind::kRecovered && week < 30;
  }
  EXPECT_EQ(recoveries, 1);
  // csat never recovers.
  for (const Alert& a : sink.alerts) EXPECT_FALSE(a.kpi == "csat" && a.kind == AlertKind::kRecovered);
}

TEST_F(AlertRunTest, GamingRiskNamesKpiAndGuard) {
  RecordingSink sink;
  Run({}, {&sink});
  const Alert* gaming = FindAlert(sink.alerts, "speed", Week(30), "*", AlertKind::kGamingRisk);
  ASSERT_NE(gaming, nullptr);
  EXPECT_NE(gaming->detail.find("speed improved"), std::string::npos) << gaming->detail;
  EXPECT_NE(gaming->detail.find("quality worsened"), std::string::npos) << gaming->detail;
  EXPECT_EQ(gaming->subject, "quality");
  // The guard's own deviation alerts too.
  EXPECT_NE(FindAlert(sink.alerts, "quality", Week(30), "*", AlertKind::kSignal), nullptr);
}

TEST_F(AlertRunTest, MaskedSegmentAlertsForTheSegment) {
  RecordingSink sink;
  Run({}, {&sink});
  const Alert* masked = FindAlert(sink.alerts, "speed", Week(41), "region=APAC", AlertKind::kMaskedSegment);
  ASSERT_NE(masked, nullptr);
  EXPECT_NE(masked->detail.find("20 % of rows"), std::string::npos) << masked->detail;
  EXPECT_EQ(masked->items.size(), 1u);
  // Segments' own signals do not alert unless configured.
  for (const Alert& a : sink.alerts) {
    if (a.kind == AlertKind::kSignal) EXPECT_EQ(a.segment, "*") << a.Headline();
  }
}

TEST_F(AlertRunTest, VerdictsWorkedForRecoveryNoEffectForLastingDrop) {
  RecordingSink sink;
  AlertRunReport report = Run({}, {&sink});
  auto items = log_->Items(false);
  ASSERT_TRUE(items.ok());
  const ActionItem* speed = nullptr;
  const ActionItem* csat = nullptr;
  for (const ActionItem& it : *items) {
    if (it.kpi == "speed" && it.segment == "*" && it.period == Week(20)) speed = &it;
    if (it.kpi == "csat" && it.period == Week(20)) csat = &it;
  }
  ASSERT_NE(speed, nullptr);
  ASSERT_NE(csat, nullptr);
  EXPECT_EQ(speed->status, "judged");
  EXPECT_EQ(speed->verdict, "worked") << speed->verdict_detail;
  EXPECT_EQ(csat->verdict, "no_effect") << csat->verdict_detail;
  // The numbers behind it are stored.
  auto detail = nlohmann::json::parse(speed->verdict_detail);
  EXPECT_EQ(detail["improved"].get<int>(), 3);
  EXPECT_EQ(detail["after"][0]["label"].get<std::string>(), Week(21));
  EXPECT_NEAR(detail["opening_value"].get<double>(), 0.6, 1e-12);
  EXPECT_GE(report.judged.size(), 2u);
}

TEST_F(AlertRunTest, EachAlertIsSentOnceAndRetriedWhenASinkFails) {
  RecordingSink failing;
  failing.fail = true;
  AlertRunReport first = Run({}, {&failing});
  EXPECT_FALSE(first.failures.empty());
  EXPECT_TRUE(first.sent.empty());
  RecordingSink sink;
  AlertRunReport second = Run({}, {&sink});
  EXPECT_FALSE(second.sent.empty());
  RecordingSink again;
  AlertRunReport third = Run({}, {&again});
  EXPECT_TRUE(again.alerts.empty());
  EXPECT_TRUE(third.sent.empty());
  EXPECT_EQ(third.duplicates, static_cast<int64_t>(second.sent.size()) -
                                  std::count_if(second.sent.begin(), second.sent.end(), [](const Alert& a) {
                                    return a.kind == AlertKind::kRecovered;
                                  }));
}

TEST_F(AlertRunTest, DefaultRunLooksAtTheLatestPeriodOnly) {
  RecordingSink sink;
  Run({}, {&sink}, /*all_periods=*/false);
  for (const Alert& a : sink.alerts) EXPECT_EQ(a.period, Week(testing::kWeeks - 1)) << a.Headline();
}

TEST_F(AlertRunTest, SegmentSignalsAlertWhenConfigured) {
  AlertConfig config;
  config.segments = true;
  RecordingSink sink;
  Run(config, {&sink});
  bool segment_signal = false;
  for (const Alert& a : sink.alerts) segment_signal |= a.kind == AlertKind::kSignal && a.segment != "*";
  EXPECT_TRUE(segment_signal);
}

TEST_F(AlertRunTest, JsonLinesFileGetsOneObjectPerAlert) {
  const std::string path = (dir_ / "alerts" / "alerts.jsonl").string();
  auto sink = MakeJsonLinesSink(path);
  AlertRunReport report = Run({}, {sink.get()});
  std::ifstream in(path);
  std::string line;
  size_t lines = 0;
  while (std::getline(in, line)) {
    auto j = nlohmann::json::parse(line);
    EXPECT_TRUE(j.contains("kpi") && j.contains("rules") && j.contains("actions") && j.contains("owner"));
    ++lines;
  }
  EXPECT_EQ(lines, report.sent.size());
}

TEST_F(AlertRunTest, WebhooksReceiveJsonAndSlackPayloads) {
  httplib::Server server;
  std::mutex mu;
  std::vector<nlohmann::json> generic, slack;
  server.Post("/generic", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    generic.push_back(nlohmann::json::parse(req.body));
    res.status = 200;
  });
  server.Post("/slack", [&](const httplib::Request& req, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(mu);
    slack.push_back(nlohmann::json::parse(req.body));
    res.status = 200;
  });
  server.Post("/broken", [&](const httplib::Request&, httplib::Response& res) { res.status = 500; });
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread thread([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  const std::string base = "http://127.0.0.1:" + std::to_string(port);
  auto json_hook = MakeWebhookSink({WebhookConfig::Format::kJson, base + "/generic"});
  auto slack_hook = MakeWebhookSink({WebhookConfig::Format::kSlack, base + "/slack"});
  AlertRunReport report = Run({}, {json_hook.get(), slack_hook.get()});
  WebhookConfig broken_hook;
  broken_hook.url = base + "/broken";
  broken_hook.policy.backoff_ms = 1;
  auto broken = MakeWebhookSink(broken_hook);
  Alert probe;
  probe.kpi = "x";
  Status failed = broken->Send(probe);
  server.stop();
  thread.join();

  EXPECT_FALSE(failed.ok());
  EXPECT_NE(failed.message().find("HTTP 500"), std::string::npos);
  ASSERT_FALSE(report.sent.empty());
  EXPECT_TRUE(report.failures.empty());
  ASSERT_EQ(generic.size(), report.sent.size());
  ASSERT_EQ(slack.size(), report.sent.size());
  EXPECT_EQ(generic[0]["kpi"], report.sent[0].kpi);
  EXPECT_EQ(generic[0]["period"], report.sent[0].period);
  ASSERT_TRUE(slack[0].contains("text"));
  EXPECT_NE(slack[0]["text"].get<std::string>().find(report.sent[0].kpi), std::string::npos);
}

TEST_F(AlertRunTest, DeadReceiverLeavesAlertsUnsentAndALaterRunSendsThem) {
  int port = 0;
  {
    testing::Receiver probe;  // a free port with no listener once it is gone
    port = probe.port();
  }
  ASSERT_GT(port, 0);
  WebhookConfig hook;
  hook.url = "http://127.0.0.1:" + std::to_string(port) + "/hook";
  hook.policy = {2, 1, 2};
  RecordingSink file;  // a second sink that takes everything

  auto dead = MakeWebhookSink(hook);
  AlertRunReport first = Run({}, {&file, dead.get()});
  EXPECT_TRUE(first.sent.empty());
  EXPECT_FALSE(first.failures.empty());
  ASSERT_FALSE(file.alerts.empty());
  EXPECT_EQ(log_->SentCount().value(), 0);
  auto records = log_->Deliveries();
  ASSERT_TRUE(records.ok());
  size_t webhook_records = 0, tried = 0;
  for (const DeliveryRecord& r : *records) {
    EXPECT_FALSE(r.at.empty());
    if (r.sink != hook.url) {
      EXPECT_TRUE(r.accepted);
      continue;
    }
    ++webhook_records;
    EXPECT_FALSE(r.accepted);
    EXPECT_EQ(r.http_status, 0);
    EXPECT_FALSE(r.error.empty());
    if (r.attempts > 0) {
      EXPECT_EQ(r.attempts, 3);  // 1 + retries, then the sink rests for the run
      ++tried;
    }
  }
  EXPECT_EQ(webhook_records, file.alerts.size());
  EXPECT_EQ(tried, 1u);

  // The receiver is back: the next run sends every alert to it, and not again to the
  // sink that took them already. (Recoveries are new: an episode starts when an alert is
  // sent, so they go to both.)
  testing::Receiver receiver(port);
  ASSERT_EQ(receiver.port(), port);
  RecordingSink file_again;
  auto alive = MakeWebhookSink(hook);
  AlertRunReport second = Run({}, {&file_again, alive.get()});
  EXPECT_TRUE(second.failures.empty());
  for (const Alert& a : file_again.alerts) EXPECT_EQ(a.kind, AlertKind::kRecovered);
  auto requests = receiver.requests();
  std::vector<nlohmann::json> retried;
  size_t recoveries = 0;
  for (const auto& r : requests) {
    nlohmann::json body = nlohmann::json::parse(r.body);
    if (body["kind"] == "recovered") {
      ++recoveries;
    } else {
      retried.push_back(std::move(body));
    }
  }
  EXPECT_EQ(recoveries, file_again.alerts.size());
  EXPECT_EQ(second.sent.size(), retried.size() + recoveries);
  ASSERT_EQ(retried.size(), file.alerts.size());
  for (size_t i = 0; i < retried.size(); ++i) {
    EXPECT_EQ(retried[i]["kpi"], file.alerts[i].kpi);
    EXPECT_EQ(retried[i]["period"], file.alerts[i].period);
    EXPECT_EQ(retried[i]["segment"], file.alerts[i].segment);
    // The action items opened on the first offer are named on the retry too.
    EXPECT_EQ(retried[i]["action_items"].get<std::vector<int64_t>>(), file.alerts[i].items) << retried[i];
  }
  EXPECT_EQ(log_->Items().value().size(), first.opened.size());  // no item opened twice
  EXPECT_TRUE(second.opened.empty());
  EXPECT_GT(log_->SentCount().value(), 0);
  size_t accepted = 0;
  const std::vector<DeliveryRecord> all_records = log_->Deliveries().value();
  for (const DeliveryRecord& r : all_records) {
    if (r.sink == hook.url && r.accepted) {
      ++accepted;
      EXPECT_EQ(r.http_status, 200);
      EXPECT_EQ(r.attempts, 1);
    }
  }
  EXPECT_EQ(accepted, requests.size());

  // Sent now: a third run sends nothing anywhere.
  RecordingSink file_third;
  AlertRunReport third = Run({}, {&file_third, alive.get()});
  EXPECT_TRUE(third.sent.empty());
  EXPECT_TRUE(file_third.alerts.empty());
  EXPECT_EQ(receiver.requests().size(), requests.size());
}

TEST_F(AlertRunTest, ItemsCanBeNotedAndClosed) {
  // An item as an alert opens it (the alert run itself is tested above).
  ActionItem opened;
  opened.kpi = opened.subject = "speed";
  opened.segment = "*";
  opened.grain = catalog::Grain::kWeek;
  opened.period = Week(20);
  opened.rules = "beyond_limits";
  opened.what = "Add a shift during peak hours";
  opened.who = "lead";
  opened.review_after_days = 14;
  opened.due = "2099-01-01";
  opened.opened_at = "2026-01-01T00:00:00Z";
  auto added = log_->AddItem(opened);
  ASSERT_TRUE(added.ok()) << added.status().ToString();
  auto open = log_->Items(true);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  const int64_t id = open->front().id;
  EXPECT_EQ(id, *added);
  ASSERT_TRUE(log_->AddNote(id, "extra shift booked", "2026-01-02T00:00:00Z").ok());
  ASSERT_TRUE(log_->Close(id, "2026-01-03T00:00:00Z").ok());
  auto item = log_->Item(id);
  ASSERT_TRUE(item.ok() && item->has_value());
  EXPECT_EQ((*item)->status, "closed");
  ASSERT_EQ((*item)->notes.size(), 1u);
  EXPECT_EQ((*item)->notes[0].text, "extra shift booked");
  EXPECT_EQ(log_->Close(id, "x").code(), StatusCode::kConflict);  // already closed
  EXPECT_EQ(log_->Close(99999, "x").code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace northstar::actions
