// The delivery keys of `alerts:`: global defaults, per-webhook overrides, bounds.
#include "actions/alert_config.h"

#include <gtest/gtest.h>

namespace northstar::actions {
namespace {

TEST(AlertConfigTest, DeliveryDefaultsAreSafe) {
  auto c = ParseAlertConfig("alerts:\n  webhooks:\n    - url: http://127.0.0.1:9/x\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->webhooks.size(), 1u);
  const DeliveryPolicy& p = c->webhooks[0].policy;
  EXPECT_EQ(p.retries, 2);
  EXPECT_EQ(p.backoff_ms, 500);
  EXPECT_EQ(p.timeout_s, 5);
  EXPECT_EQ(c->webhooks[0].secret_env, "");
}

TEST(AlertConfigTest, WebhookOverridesTheGlobalPolicy) {
  auto c = ParseAlertConfig(R"(alerts:
  webhooks:
    - url: http://127.0.0.1:9/a
      secret_env: HOOK_SECRET_A
      retries: 5
    - url: http://127.0.0.1:9/b
      format: slack
      backoff_ms: 20
  retries: 1
  backoff_ms: 3
  timeout_s: 7
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->webhooks.size(), 2u);
  // Global keys apply whatever their place in the file.
  EXPECT_EQ(c->webhooks[0].policy.retries, 5);
  EXPECT_EQ(c->webhooks[0].policy.backoff_ms, 3);
  EXPECT_EQ(c->webhooks[0].policy.timeout_s, 7);
  EXPECT_EQ(c->webhooks[0].secret_env, "HOOK_SECRET_A");
  EXPECT_EQ(c->webhooks[1].policy.retries, 1);
  EXPECT_EQ(c->webhooks[1].policy.backoff_ms, 20);
  EXPECT_EQ(c->webhooks[1].format, WebhookConfig::Format::kSlack);
}

TEST(AlertConfigTest, RejectsOutOfBoundsAndSecretsWrittenInline) {
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  retries: 11\n").ok());
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  retries: -1\n").ok());
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  backoff_ms: 60001\n").ok());
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  timeout_s: 0\n").ok());
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  webhooks:\n    - {url: 'http://x', retries: 99}\n").ok());
  EXPECT_FALSE(ParseAlertConfig("alerts:\n  webhooks:\n    - {url: 'http://x', secret: abc}\n").ok());
  auto inline_secret =
      ParseAlertConfig("alerts:\n  webhooks:\n    - {url: 'http://x', secret_env: 'sk-1 2'}\n");
  ASSERT_FALSE(inline_secret.ok());
  EXPECT_NE(inline_secret.status().message().find("secret_env"), std::string::npos);
}

TEST(AlertConfigTest, DigestSchedule) {
  auto none = ParseAlertConfig("alerts:\n  min_rows: 3\n");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->digest.enabled);
  auto daily = ParseAlertConfig("alerts:\n  digest: {}\n");
  ASSERT_TRUE(daily.ok()) << daily.status().ToString();
  EXPECT_TRUE(daily->digest.enabled);
  EXPECT_FALSE(daily->digest.weekly);
  EXPECT_EQ(daily->digest.minute_of_day, 8 * 60);
  EXPECT_EQ(daily->digest.due_within_days, 7);
  auto weekly = ParseAlertConfig(
      "alerts:\n  digest:\n    every: weekly\n    at: \"17:45\"\n    weekday: fri\n    due_within_days: "
      "14\n");
  ASSERT_TRUE(weekly.ok()) << weekly.status().ToString();
  EXPECT_TRUE(weekly->digest.weekly);
  EXPECT_EQ(weekly->digest.minute_of_day, 17 * 60 + 45);
  EXPECT_EQ(weekly->digest.iso_weekday, 5);
  EXPECT_EQ(weekly->digest.due_within_days, 14);
  for (const char* bad : {"alerts:\n  digest: {every: hourly}\n", "alerts:\n  digest: {at: '8:00'}\n",
                          "alerts:\n  digest: {at: '24:00'}\n", "alerts:\n  digest: {at: '08:60'}\n",
                          "alerts:\n  digest: {every: weekly, weekday: monday}\n",
                          "alerts:\n  digest: {weekday: mon}\n", "alerts:\n  digest: {due_within_days: -1}\n",
                          "alerts:\n  digest: {time: '08:00'}\n", "alerts:\n  digest: daily\n"}) {
    auto c = ParseAlertConfig(bad);
    EXPECT_FALSE(c.ok()) << bad;
    if (!c.ok()) EXPECT_NE(c.status().message().find("northstar.yaml:"), std::string::npos) << bad;
  }
}

}  // namespace
}  // namespace northstar::actions
