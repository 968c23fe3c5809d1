#include "actions/alert_config.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <set>
#include <sstream>

namespace northstar::actions {
namespace {

std::string At(const YAML::Node& node) {
  return "northstar.yaml:" + std::to_string(node.Mark().line + 1) + ": ";
}

}  // namespace

Result<AlertConfig> ParseAlertConfig(const std::string& text) {
  AlertConfig config;
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap() || !root["alerts"]) return config;
    YAML::Node alerts = root["alerts"];
    if (alerts.IsNull()) return config;
    if (!alerts.IsMap()) return Status::InvalidArgument(At(alerts) + "`alerts` must be a mapping");
    static const std::set<std::string> kKeys = {"favourable", "min_rows", "segments", "file", "webhooks"};
    for (const auto& kv : alerts) {
      const std::string key = kv.first.as<std::string>();
      if (!kKeys.count(key)) {
        return Status::InvalidArgument(At(kv.first) + "unknown key `alerts." + key +
                                       "` (known: favourable, min_rows, segments, file, webhooks)");
      }
    }
    if (alerts["favourable"]) config.favourable = alerts["favourable"].as<bool>();
    if (alerts["segments"]) config.segments = alerts["segments"].as<bool>();
    if (alerts["min_rows"]) {
      config.min_rows = alerts["min_rows"].as<int64_t>();
      if (config.min_rows < 0)
        return Status::InvalidArgument(At(alerts["min_rows"]) + "`min_rows` must be >= 0");
    }
    if (alerts["file"]) config.file = alerts["file"].IsNull() ? "" : alerts["file"].as<std::string>();
    if (YAML::Node hooks = alerts["webhooks"]) {
      if (!hooks.IsSequence()) return Status::InvalidArgument(At(hooks) + "`webhooks` must be a list");
      for (const YAML::Node& hook : hooks) {
        WebhookConfig w;
        if (!hook.IsMap() || !hook["url"]) {
          return Status::InvalidArgument(At(hook) + "a webhook needs `url: http://host:port/path`");
        }
        w.url = hook["url"].as<std::string>();
        if (w.url.rfind("http://", 0) != 0) {
          return Status::InvalidArgument(At(hook["url"]) + "webhook url must start with http:// (got '" +
                                         w.url + "')");
        }
        if (hook["format"]) {
          const std::string format = hook["format"].as<std::string>();
          if (format == "slack")
            w.format = WebhookConfig::Format::kSlack;
          else if (format != "json")
            return Status::InvalidArgument(At(hook["format"]) +
                                           "webhook format must be json or slack, got '" + format + "'");
        }
        config.webhooks.push_back(std::move(w));
      }
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument("northstar.yaml: alerts: " + std::string(e.what()));
  }
  return config;
}

Result<AlertConfig> LoadAlertConfig(const std::string& workspace_dir) {
  std::ifstream in(workspace_dir + "/northstar.yaml", std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + workspace_dir + "/northstar.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return ParseAlertConfig(text.str());
}

}  // namespace northstar::actions
