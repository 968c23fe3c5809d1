#include "actions/alert_config.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

namespace northstar::actions {
namespace {

std::string At(const YAML::Node& node) {
  return "northstar.yaml:" + std::to_string(node.Mark().line + 1) + ": ";
}

// Reads `key` of `node` into `out` when present; InvalidArgument outside [low, high].
Status ReadBounded(const YAML::Node& node, const char* key, int32_t low, int32_t high, int32_t& out) {
  if (!node[key]) return Status::Ok();
  const int64_t v = node[key].as<int64_t>();
  if (v < low || v > high) {
    return Status::InvalidArgument(At(node[key]) + "`" + key + "` must be between " + std::to_string(low) +
                                   " and " + std::to_string(high) + ", got " + std::to_string(v));
  }
  out = static_cast<int32_t>(v);
  return Status::Ok();
}

// retries, backoff_ms, timeout_s of `node` over `policy`. The bounds keep one run of
// `actions alert` from waiting for minutes on a receiver that is down.
Status ReadPolicy(const YAML::Node& node, DeliveryPolicy& policy) {
  RETURN_IF_ERROR(ReadBounded(node, "retries", 0, 10, policy.retries));
  RETURN_IF_ERROR(ReadBounded(node, "backoff_ms", 0, 60000, policy.backoff_ms));
  return ReadBounded(node, "timeout_s", 1, 120, policy.timeout_s);
}

// `alerts.digest`: every (daily | weekly), at (HH:MM), weekday, due_within_days.
Status ReadDigestSchedule(const YAML::Node& node, DigestSchedule& out) {
  if (!node.IsMap())
    return Status::InvalidArgument(At(node) + "`alerts.digest` must be a mapping (every, at, ...)");
  static const std::set<std::string> kDigestKeys = {"every", "at", "weekday", "due_within_days", "to"};
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (!kDigestKeys.count(key)) {
      return Status::InvalidArgument(At(kv.first) + "unknown key `alerts.digest." + key +
                                     "` (known: every, at, weekday, due_within_days, to)");
    }
  }
  out.enabled = true;
  const std::string every = node["every"] ? node["every"].as<std::string>() : "daily";
  if (every != "daily" && every != "weekly")
    return Status::InvalidArgument(At(node["every"]) + "`every` must be daily or weekly, got '" + every +
                                   "'");
  out.weekly = every == "weekly";
  if (node["at"]) {
    const std::string at = node["at"].as<std::string>();
    int hours = -1, minutes = -1;
    char colon = 0;
    std::istringstream in(at);
    in >> hours >> colon >> minutes;
    if (!in || colon != ':' || !in.eof() || at.size() != 5 || hours < 0 || hours > 23 || minutes < 0 ||
        minutes > 59) {
      return Status::InvalidArgument(At(node["at"]) + "`at` is a local time HH:MM (\"08:00\"), got '" + at +
                                     "'");
    }
    out.minute_of_day = hours * 60 + minutes;
  }
  if (node["weekday"] && !out.weekly)
    return Status::InvalidArgument(At(node["weekday"]) + "`weekday` needs `every: weekly`");
  if (node["weekday"]) {
    static const char* kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    const std::string day = node["weekday"].as<std::string>();
    out.iso_weekday = 0;
    for (int d = 0; d < 7; ++d) {
      if (day == kDays[d]) out.iso_weekday = d + 1;
    }
    if (out.iso_weekday == 0)
      return Status::InvalidArgument(At(node["weekday"]) + "`weekday` is mon .. sun, got '" + day + "'");
  }
  return ReadBounded(node, "due_within_days", 0, 366, out.due_within_days);
}

// `alerts.digest.to`: owner -> [webhook name, ...], resolved against `webhooks`.
Status ReadAddressBook(const YAML::Node& node, const std::vector<WebhookConfig>& webhooks,
                       DigestSchedule& out) {
  if (!node.IsMap()) {
    return Status::InvalidArgument(At(node) +
                                   "`alerts.digest.to` maps an owner to webhook names (head-of-support: "
                                   "[support-team])");
  }
  std::string names;
  for (const WebhookConfig& w : webhooks) {
    if (!w.name.empty()) names += (names.empty() ? "" : ", ") + w.name;
  }
  for (const auto& kv : node) {
    const std::string owner = kv.first.as<std::string>();
    if (!kv.second.IsSequence()) {
      return Status::InvalidArgument(At(kv.second) + "the webhooks of '" + owner +
                                     "' are a list of names ([support-team], or [] for none)");
    }
    std::vector<size_t>& to = out.to[owner];
    for (const YAML::Node& n : kv.second) {
      const std::string name = n.as<std::string>();
      size_t found = webhooks.size();
      for (size_t i = 0; i < webhooks.size(); ++i) {
        if (!name.empty() && webhooks[i].name == name) found = i;
      }
      if (found == webhooks.size()) {
        return Status::InvalidArgument(
            At(n) + "no webhook named '" + name + "' (" +
            (names.empty() ? "give a webhook `name: " + name + "`" : "named webhooks: " + names) + ")");
      }
      to.push_back(found);
    }
  }
  return Status::Ok();
}

bool ValidEnvName(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
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
    static const std::set<std::string> kKeys = {"favourable", "min_rows",   "segments",  "file",  "webhooks",
                                                "retries",    "backoff_ms", "timeout_s", "digest"};
    for (const auto& kv : alerts) {
      const std::string key = kv.first.as<std::string>();
      if (!kKeys.count(key)) {
        return Status::InvalidArgument(At(kv.first) + "unknown key `alerts." + key +
                                       "` (known: favourable, min_rows, segments, file, retries, "
                                       "backoff_ms, timeout_s, webhooks, digest)");
      }
    }
    RETURN_IF_ERROR(ReadPolicy(alerts, config.delivery));
    if (alerts["favourable"]) config.favourable = alerts["favourable"].as<bool>();
    if (alerts["segments"]) config.segments = alerts["segments"].as<bool>();
    if (alerts["min_rows"]) {
      config.min_rows = alerts["min_rows"].as<int64_t>();
      if (config.min_rows < 0)
        return Status::InvalidArgument(At(alerts["min_rows"]) + "`min_rows` must be >= 0");
    }
    if (alerts["file"]) config.file = alerts["file"].IsNull() ? "" : alerts["file"].as<std::string>();
    if (YAML::Node digest = alerts["digest"]) RETURN_IF_ERROR(ReadDigestSchedule(digest, config.digest));
    if (YAML::Node hooks = alerts["webhooks"]) {
      if (!hooks.IsSequence()) return Status::InvalidArgument(At(hooks) + "`webhooks` must be a list");
      for (const YAML::Node& hook : hooks) {
        WebhookConfig w;
        if (!hook.IsMap() || !hook["url"]) {
          return Status::InvalidArgument(At(hook) + "a webhook needs `url: http://host:port/path`");
        }
        static const std::set<std::string> kHookKeys = {"url",        "format",    "secret_env", "retries",
                                                        "backoff_ms", "timeout_s", "name"};
        for (const auto& kv : hook) {
          const std::string key = kv.first.as<std::string>();
          if (!kHookKeys.count(key)) {
            return Status::InvalidArgument(At(kv.first) + "unknown webhook key `" + key +
                                           "` (known: name, url, format, secret_env, retries, "
                                           "backoff_ms, timeout_s)");
          }
        }
        w.policy = config.delivery;
        RETURN_IF_ERROR(ReadPolicy(hook, w.policy));
        if (hook["secret_env"]) {
          w.secret_env = hook["secret_env"].as<std::string>();
          if (!ValidEnvName(w.secret_env)) {
            return Status::InvalidArgument(At(hook["secret_env"]) +
                                           "`secret_env` names an environment variable (letters, digits, "
                                           "_), not the secret itself; got '" +
                                           w.secret_env + "'");
          }
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
        if (hook["name"]) {
          w.name = hook["name"].as<std::string>();
          for (const WebhookConfig& other : config.webhooks) {
            if (!w.name.empty() && other.name == w.name)
              return Status::InvalidArgument(At(hook["name"]) + "two webhooks are named '" + w.name + "'");
          }
        }
        config.webhooks.push_back(std::move(w));
      }
    }
    if (YAML::Node digest = alerts["digest"]; digest && digest["to"])
      RETURN_IF_ERROR(ReadAddressBook(digest["to"], config.webhooks, config.digest));
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument("northstar.yaml: alerts: " + std::string(e.what()));
  }
  return config;
}

std::vector<size_t> DigestSchedule::WebhooksOf(const std::string& owner, size_t webhooks) const {
  auto it = to.find(owner);
  if (it == to.end()) it = to.find("*");
  if (it != to.end()) return it->second;
  std::vector<size_t> all(webhooks);
  for (size_t i = 0; i < webhooks; ++i) all[i] = i;
  return all;
}

Result<AlertConfig> LoadAlertConfig(const std::string& workspace_dir) {
  std::ifstream in(workspace_dir + "/northstar.yaml", std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + workspace_dir + "/northstar.yaml");
  std::stringstream text;
  text << in.rdbuf();
  return ParseAlertConfig(text.str());
}

}  // namespace northstar::actions
