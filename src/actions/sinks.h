// Where alerts go: the terminal, a JSON-lines file, webhooks (SPEC §5).
//
// A sink delivers one alert at a time and reports failure as a Status; the alert run
// (alert_run.h) marks an alert as sent only when every sink took it, so a webhook that
// is down gets the alert on the next run. Sinks are not thread-safe.
#pragma once

#include <memory>
#include <ostream>
#include <string>

#include "actions/alert.h"
#include "actions/alert_config.h"
#include "common/status.h"

namespace northstar::actions {

class AlertSink {
 public:
  virtual ~AlertSink() = default;
  virtual Status Send(const Alert& alert) = 0;
  virtual std::string Name() const = 0;
};

// Writes AlertText and a blank line to `out` (which must outlive the sink).
std::unique_ptr<AlertSink> MakeStreamSink(std::ostream& out);

// Appends one JSON object per line (AlertToJson) to `path`, creating parent folders.
std::unique_ptr<AlertSink> MakeJsonLinesSink(const std::string& path);

// POSTs the alert as JSON (AlertToJson) or as a Slack-compatible {"text": ...} to an
// http:// URL. A non-2xx answer or a connection failure is an IOError naming the URL.
std::unique_ptr<AlertSink> MakeWebhookSink(const WebhookConfig& config, int timeout_seconds = 5);

}  // namespace northstar::actions
