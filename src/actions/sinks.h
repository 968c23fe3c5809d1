// Where alerts go: the terminal, a JSON-lines file, webhooks (SPEC §5).
//
// A sink delivers one alert at a time. The alert run (alert_run.h) records every
// delivery to a recorded sink with its outcome (action_log.h, alert_deliveries) and marks
// an alert as sent only when every sink took it; an alert a sink did not take is offered
// again on the next run, but not to a recorded sink that already took it. Sinks are not
// thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <ostream>
#include <string>

#include "actions/alert.h"
#include "actions/alert_config.h"
#include "common/status.h"

namespace northstar::actions {

// What one delivery of one alert to one sink came to.
struct DeliveryOutcome {
  Status status;            // Ok when the sink took the alert
  int32_t attempts = 1;     // 0 when the sink did not try (see MakeWebhookSink)
  int32_t http_status = 0;  // the last HTTP answer; 0 without one (or not HTTP)
};

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual Status Send(const Alert& alert) = 0;
  // Send with the details of the attempts; sinks that retry override it.
  virtual DeliveryOutcome Deliver(const Alert& alert) { return {Send(alert), 1, 0}; }
  // Identifies the sink in the delivery log and in messages (a path or a URL).
  virtual std::string Name() const = 0;
  // Whether deliveries are recorded and not repeated once taken. The terminal is not: it
  // shows what this run sends, so an alert retried for a webhook is printed again.
  virtual bool Recorded() const { return true; }
};

// Writes AlertText and a blank line to `out` (which must outlive the sink).
std::unique_ptr<AlertSink> MakeStreamSink(std::ostream& out);

// Appends one JSON object per line (AlertToJson) to `path`, creating parent folders.
std::unique_ptr<AlertSink> MakeJsonLinesSink(const std::string& path);

// POSTs the alert to an http:// URL: the AlertToJson object (format json) or a
// Slack-compatible {"text": ...} whose text has <, > and & escaped (format slack).
//
// Attempts: 1 + policy.retries. A connection failure, a timeout, HTTP 408, 429 and 5xx
// are retried after policy.backoff_ms, doubling each time; any other non-2xx answer is
// final (retrying would get the same answer). After a delivery has failed every attempt,
// the sink does not try again for the rest of the run (outcome: 0 attempts): a receiver
// that is down must not hold a back-fill for timeout x attempts x alerts; those alerts
// go out on the next run.
//
// Signing: when config.secret_env is set, every attempt carries X-Northstar-Timestamp
// and X-Northstar-Signature (signature.h) with the secret read from that environment
// variable when the sink is made. A variable that is unset or empty fails every delivery
// (nothing is sent unsigned to a receiver that expects a signature).
std::unique_ptr<AlertSink> MakeWebhookSink(const WebhookConfig& config);

// The request body MakeWebhookSink posts for `alert`.
std::string WebhookBody(const WebhookConfig& config, const Alert& alert);

// POSTs `body` (JSON) to the webhook of `config` with its retries and signature, as
// MakeWebhookSink does for an alert (the digest uses it).
DeliveryOutcome PostToWebhook(const WebhookConfig& config, const std::string& body);

}  // namespace northstar::actions
