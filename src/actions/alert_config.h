// Alert settings: the `alerts:` key of northstar.yaml.
//
//   alerts:
//     favourable: false      # also alert on signals in the good direction
//     min_rows: 10           # points with fewer rows never alert (0 = off)
//     segments: false        # alert on signals of segments too, not only on `*`
//                            # (gaming risks and masked segments always alert)
//     file: .northstar/alerts.jsonl   # JSON-lines log of every alert sent ("" = off)
//     retries: 2             # webhook retries after a failed attempt (0..10)
//     backoff_ms: 500        # wait before the first retry; doubles each retry (0..60000)
//     timeout_s: 5           # connect/read/write timeout of one attempt (1..120)
//     webhooks:
//       - name: support-team     # how `digest.to` names it (optional, unique)
//         url: http://127.0.0.1:8080/hooks/northstar
//         format: json       # json (the alert object) or slack ({"text": ...})
//         secret_env: NORTHSTAR_HOOK_SECRET  # sign deliveries with this variable's value
//         retries: 5         # retries, backoff_ms, timeout_s: override the ones above
//     digest:                # `northstar serve` posts each owner's digest to the webhooks
//       every: daily         # daily or weekly
//       at: "08:00"          # local time in the workspace's zone
//       weekday: mon         # weekly only: mon .. sun
//       due_within_days: 7   # actions due up to this many days ahead
//       to:                  # the address book: owner -> the webhooks (by name) of their
//         head-of-support: [support-team]   # digest; [] sends them none
//         "*": [support-team]               # owners not listed (default: every webhook)
//
// Every key is optional; a workspace without `alerts:` gets the defaults above. The
// signing secret is named, never written here, so northstar.yaml can sit in git.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/status.h"
#include "judge/signals.h"

namespace northstar::actions {

// How hard a webhook delivery tries: 1 + retries attempts, waiting backoff_ms,
// 2 x backoff_ms, 4 x ... between them. The defaults survive a receiver restart of a
// second or two without holding a cron run for long.
struct DeliveryPolicy {
  int32_t retries = 2;
  int32_t backoff_ms = 500;
  int32_t timeout_s = 5;
};

struct WebhookConfig {
  enum class Format { kJson, kSlack } format = Format::kJson;
  std::string url;         // http://host:port/path
  std::string secret_env;  // environment variable holding the HMAC secret; "" = unsigned
  DeliveryPolicy policy;
  std::string name;  // "" when unnamed; digest.to names webhooks by it
};

// When `northstar serve` sends the digest (service/digest.h); off unless configured.
struct DigestSchedule {
  bool enabled = false;
  bool weekly = false;
  int32_t minute_of_day = 8 * 60;  // local time
  int32_t iso_weekday = 1;         // weekly: 1 = Monday .. 7 = Sunday
  int32_t due_within_days = 7;
  // Owner -> indexes into AlertConfig::webhooks their digest goes to; "*" for owners not
  // listed. Without an entry (and no "*"), an owner's digest goes to every webhook.
  std::map<std::string, std::vector<size_t>> to;

  // The webhooks (indexes) `owner`'s digest goes to, of `webhooks` many.
  std::vector<size_t> WebhooksOf(const std::string& owner, size_t webhooks) const;
};

struct AlertConfig {
  bool favourable = false;
  int64_t min_rows = judge::kDefaultMinRows;
  bool segments = false;
  std::string file = ".northstar/alerts.jsonl";  // relative to the workspace root
  DeliveryPolicy delivery;  // alerts.retries/backoff_ms/timeout_s: every webhook's default
  std::vector<WebhookConfig> webhooks;
  DigestSchedule digest;
};

// Parses the `alerts:` node of a northstar.yaml text. InvalidArgument naming the key
// and line for a value of the wrong kind or an unknown key.
Result<AlertConfig> ParseAlertConfig(const std::string& northstar_yaml_text);

// Reads dir/northstar.yaml and parses its `alerts:` key.
Result<AlertConfig> LoadAlertConfig(const std::string& workspace_dir);

}  // namespace northstar::actions
