// The webhook sink against an in-process receiver on 127.0.0.1: the exact body, Slack
// escaping, signatures checked with OpenSSL (an implementation independent of the
// libsodium one under test), retries and their limits.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <chrono>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "actions/signature.h"
#include "actions/sinks.h"
#include "receiver.h"

namespace northstar::actions {
namespace {

using testing::Receiver;

std::string OpensslHmacHex(const std::string& key, const std::string& message) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &len);
  static const char* kHex = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < len; ++i) {
    hex += kHex[mac[i] >> 4];
    hex += kHex[mac[i] & 15];
  }
  return hex;
}

Alert SampleAlert() {
  Alert a;
  a.kind = AlertKind::kSignal;
  a.kpi = "first_response_30m";
  a.name = "Answered within 30 minutes";
  a.grain = catalog::Grain::kWeek;
  a.period = "2025-W45";
  a.segment = "*";
  a.rules = {"beyond_limits"};
  a.value = 0.58;
  a.target = "0.8";
  a.status = "off_track";
  a.limits = judge::XmrLimits{};
  a.limits->lower = 0.7;
  a.limits->center = 0.8;
  a.limits->upper = 0.9;
  a.owner = "support-lead";
  a.actions = {{"Add a shift", "ops", 14, {}}};
  a.detail = "signal: beyond_limits below (unfavourable)";
  a.items = {7};
  return a;
}

WebhookConfig Hook(const std::string& url, WebhookConfig::Format format = WebhookConfig::Format::kJson) {
  WebhookConfig w;
  w.url = url;
  w.format = format;
  w.policy.retries = 2;
  w.policy.backoff_ms = 1;
  w.policy.timeout_s = 2;
  return w;
}

TEST(SignatureTest, MatchesRfc4231TestVectors) {
  // RFC 4231 test case 2 (short key) and 6 (a 131-byte key, longer than the block).
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(HmacSha256Hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(SignDelivery("Jefe", 1700000000, "{}"), "sha256=" + OpensslHmacHex("Jefe", "1700000000.{}"));
}

TEST(WebhookTest, JsonBodyIsTheExactAlertObject) {
  Receiver receiver;
  ASSERT_GT(receiver.port(), 0);
  auto sink = MakeWebhookSink(Hook(receiver.Url("/hooks/northstar")));
  DeliveryOutcome outcome = sink->Deliver(SampleAlert());
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.ToString();
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(outcome.http_status, 200);
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].path, "/hooks/northstar");
  EXPECT_EQ(requests[0].content_type, "application/json");
  const nlohmann::json expected = nlohmann::json::parse(R"json({
    "kind": "signal", "kpi": "first_response_30m", "name": "Answered within 30 minutes",
    "grain": "week", "period": "2025-W45", "segment": "*", "rules": ["beyond_limits"],
    "value": 0.58, "target": "0.8", "status": "off_track",
    "limits": {"lower": 0.7, "center": 0.8, "upper": 0.9}, "owner": "support-lead",
    "detail": "signal: beyond_limits below (unfavourable)",
    "actions": [{"do": "Add a shift", "who": "ops", "review_after_days": 14}],
    "action_items": [7]})json");
  EXPECT_EQ(nlohmann::json::parse(requests[0].body), expected) << requests[0].body;
  EXPECT_TRUE(requests[0].signature.empty());  // no secret configured: unsigned
}

TEST(WebhookTest, SlackTextEscapesMentionsAndLinks) {
  EXPECT_EQ(SlackEscape("a <!channel> & <http://x|y> b"), "a &lt;!channel&gt; &amp; &lt;http://x|y&gt; b");
  Receiver receiver;
  ASSERT_GT(receiver.port(), 0);
  Alert alert = SampleAlert();
  alert.segment = "team=<!channel>";
  alert.detail = "see <http://evil.example|the fix> & more";
  auto sink = MakeWebhookSink(Hook(receiver.Url("/slack"), WebhookConfig::Format::kSlack));
  ASSERT_TRUE(sink->Send(alert).ok());
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const nlohmann::json body = nlohmann::json::parse(requests[0].body);
  ASSERT_EQ(body.size(), 1u);
  const std::string text = body.at("text").get<std::string>();
  EXPECT_EQ(text.find('<'), std::string::npos) << text;
  EXPECT_EQ(text.find('>'), std::string::npos) << text;
  EXPECT_NE(text.find("team=&lt;!channel&gt;"), std::string::npos) << text;
  EXPECT_NE(text.find("see &lt;http://evil.example|the fix&gt; &amp; more"), std::string::npos) << text;
  EXPECT_EQ(text.rfind("[ALERT] first_response_30m 2025-W45", 0), 0u) << text;
}

TEST(WebhookTest, SignatureVerifiesWithAnIndependentHmac) {
  ::setenv("NORTHSTAR_TEST_HOOK_SECRET", "s3cret-öäü-key", 1);
  Receiver receiver;
  ASSERT_GT(receiver.port(), 0);
  WebhookConfig hook = Hook(receiver.Url("/signed"));
  hook.secret_env = "NORTHSTAR_TEST_HOOK_SECRET";
  auto sink = MakeWebhookSink(hook);
  ::unsetenv("NORTHSTAR_TEST_HOOK_SECRET");  // read when the sink was made
  const int64_t before =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  ASSERT_TRUE(sink->Send(SampleAlert()).ok());
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 1u);
  const testing::ReceivedRequest& r = requests[0];
  ASSERT_FALSE(r.timestamp.empty());
  const int64_t ts = std::stoll(r.timestamp);
  EXPECT_GE(ts, before);
  EXPECT_LE(ts, before + 5);
  EXPECT_EQ(r.signature, "sha256=" + OpensslHmacHex("s3cret-öäü-key", r.timestamp + "." + r.body));
  // A changed timestamp or body does not verify.
  EXPECT_NE(r.signature, "sha256=" + OpensslHmacHex("s3cret-öäü-key", std::to_string(ts + 1) + "." + r.body));
  EXPECT_NE(r.signature, "sha256=" + OpensslHmacHex("s3cret-öäü-key", r.timestamp + "." + r.body + " "));
}

TEST(WebhookTest, MissingSecretSendsNothing) {
  ::unsetenv("NORTHSTAR_TEST_UNSET_SECRET");
  Receiver receiver;
  ASSERT_GT(receiver.port(), 0);
  WebhookConfig hook = Hook(receiver.Url("/signed"));
  hook.secret_env = "NORTHSTAR_TEST_UNSET_SECRET";
  DeliveryOutcome outcome = MakeWebhookSink(hook)->Deliver(SampleAlert());
  EXPECT_FALSE(outcome.status.ok());
  EXPECT_EQ(outcome.attempts, 0);
  EXPECT_NE(outcome.status.message().find("NORTHSTAR_TEST_UNSET_SECRET"), std::string::npos);
  EXPECT_TRUE(receiver.requests().empty());
}

TEST(WebhookTest, ServerErrorIsRetriedUntilAccepted) {
  Receiver receiver;
  ASSERT_GT(receiver.port(), 0);
  receiver.AnswerWith({500, 503});
  DeliveryOutcome outcome = MakeWebhookSink(Hook(receiver.Url("/flaky")))->Deliver(SampleAlert());
  ASSERT_TRUE(outcome.status.ok()) << outcome.status.ToString();
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(outcome.http_status, 200);
  auto requests = receiver.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].body, requests[2].body);
}

TEST(WebhookTest, RetriesStopAtTheLimitAndTheSinkRestsForTheRun) {
  Receiver receiver;
  ASSERT_GT(receiver.port(), 0);
  receiver.AnswerWith({500, 500, 500, 500, 500, 500});
  WebhookConfig hook = Hook(receiver.Url("/down"));
  hook.policy.retries = 1;
  hook.policy.backoff_ms = 40;
  auto sink = MakeWebhookSink(hook);
  const auto start = std::chrono::steady_clock::now();
  DeliveryOutcome first = sink->Deliver(SampleAlert());
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_FALSE(first.status.ok());
  EXPECT_EQ(first.attempts, 2);
  EXPECT_EQ(first.http_status, 500);
  EXPECT_GE(waited, std::chrono::milliseconds(40));  // the backoff was waited
  DeliveryOutcome second = sink->Deliver(SampleAlert());
  EXPECT_FALSE(second.status.ok());
  EXPECT_EQ(second.attempts, 0);
  EXPECT_EQ(receiver.requests().size(), 2u);
}

TEST(WebhookTest, ClientErrorIsNotRetried) {
  Receiver receiver;
  ASSERT_GT(receiver.port(), 0);
  receiver.AnswerWith({404});
  auto sink = MakeWebhookSink(Hook(receiver.Url("/gone")));
  DeliveryOutcome outcome = sink->Deliver(SampleAlert());
  EXPECT_FALSE(outcome.status.ok());
  EXPECT_EQ(outcome.attempts, 1);
  EXPECT_EQ(outcome.http_status, 404);
  EXPECT_NE(outcome.status.message().find("HTTP 404"), std::string::npos);
  // Not a dead receiver: the next alert is tried.
  EXPECT_TRUE(sink->Deliver(SampleAlert()).status.ok());
}

TEST(WebhookTest, ConnectionRefusedIsRetriedThenFails) {
  int port = 0;
  {
    Receiver probe;  // a port that was free a moment ago and has no listener now
    port = probe.port();
  }
  ASSERT_GT(port, 0);
  DeliveryOutcome outcome =
      MakeWebhookSink(Hook("http://127.0.0.1:" + std::to_string(port) + "/x"))->Deliver(SampleAlert());
  EXPECT_FALSE(outcome.status.ok());
  EXPECT_EQ(outcome.attempts, 3);
  EXPECT_EQ(outcome.http_status, 0);
}

}  // namespace
}  // namespace northstar::actions
