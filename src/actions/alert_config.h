// Alert settings: the `alerts:` key of northstar.yaml.
//
//   alerts:
//     favourable: false      # also alert on signals in the good direction
//     min_rows: 10           # points with fewer rows never alert (0 = off)
//     segments: false        # alert on signals of segments too, not only on `*`
//                            # (gaming risks and masked segments always alert)
//     file: .northstar/alerts.jsonl   # JSON-lines log of every alert sent ("" = off)
//     webhooks:
//       - url: http://127.0.0.1:8080/hooks/northstar
//         format: json       # json (the alert object) or slack ({"text": ...})
//
// Every key is optional; a workspace without `alerts:` gets the defaults above.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "judge/signals.h"

namespace northstar::actions {

struct WebhookConfig {
  enum class Format { kJson, kSlack } format = Format::kJson;
  std::string url;  // http://host:port/path
};

struct AlertConfig {
  bool favourable = false;
  int64_t min_rows = judge::kDefaultMinRows;
  bool segments = false;
  std::string file = ".northstar/alerts.jsonl";  // relative to the workspace root
  std::vector<WebhookConfig> webhooks;
};

// Parses the `alerts:` node of a northstar.yaml text. InvalidArgument naming the key
// and line for a value of the wrong kind or an unknown key.
Result<AlertConfig> ParseAlertConfig(const std::string& northstar_yaml_text);

// Reads dir/northstar.yaml and parses its `alerts:` key.
Result<AlertConfig> LoadAlertConfig(const std::string& workspace_dir);

}  // namespace northstar::actions
