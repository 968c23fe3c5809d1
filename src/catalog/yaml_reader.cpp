#include "catalog/yaml_reader.h"

#include <charconv>
#include <set>

#include "common/text.h"

namespace northstar::catalog {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

const char* NodeKindName(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "null";
  if (node.IsMap()) return "mapping";
  if (node.IsSequence()) return "sequence";
  return "scalar";
}

YamlReader::YamlReader(std::string file, std::string_view text, Diagnostics& diags)
    : file_(std::move(file)), text_(text), diags_(diags) {}

SourceLocation YamlReader::Where(const YAML::Node& node) const {
  SourceLocation where{file_, 0, 0};
  if (!node.IsDefined()) return where;
  YAML::Mark mark = node.Mark();
  if (mark.line < 0 || mark.column < 0) return where;
  where.line = mark.line + 1;
  where.column = mark.column + 1;
  return where;
}

SourceLocation YamlReader::TextStart(const YAML::Node& node, bool* single_line) const {
  SourceLocation where = Where(node);
  *single_line = false;
  if (!node.IsDefined() || !node.IsScalar()) return where;
  const int pos = node.Mark().pos;
  if (pos < 0 || static_cast<size_t>(pos) >= text_.size()) return where;
  const std::string& value = node.Scalar();
  const char first = text_[pos];
  if (first == '|' || first == '>') {
    // Block scalar: the text starts on the first non-blank line after the indicator.
    size_t line_start = text_.find('\n', pos);
    int32_t line = where.line;
    while (line_start != std::string_view::npos) {
      ++line_start;
      ++line;
      size_t line_end = text_.find('\n', line_start);
      std::string_view content = text_.substr(
          line_start, line_end == std::string_view::npos ? std::string_view::npos : line_end - line_start);
      if (!Trim(content).empty()) {
        size_t indent = content.find_first_not_of(" \t");
        where.line = line;
        where.column = static_cast<int32_t>(indent) + 1;
        std::string_view trimmed = value;
        while (!trimmed.empty() && trimmed.back() == '\n') trimmed.remove_suffix(1);
        *single_line = trimmed.find('\n') == std::string_view::npos &&
                       content.substr(indent).substr(0, trimmed.size()) == trimmed;
        return where;
      }
      line_start = line_end;
    }
    return where;
  }
  if (first == '"' || first == '\'') {
    where.column += 1;
    const size_t start = static_cast<size_t>(pos) + 1;
    *single_line = text_.substr(start, value.size()) == value && start + value.size() < text_.size() &&
                   text_[start + value.size()] == first && value.find('\n') == std::string::npos;
    return where;
  }
  *single_line =
      text_.substr(static_cast<size_t>(pos), value.size()) == value && value.find('\n') == std::string::npos;
  return where;
}

void YamlReader::Invalid(const YAML::Node& node, std::string message, std::string hint) {
  diags_.Error("invalid-value", Where(node), std::move(message), std::move(hint));
}

bool YamlReader::ExpectMap(const YAML::Node& node, std::string_view what) {
  if (node.IsMap()) return true;
  Invalid(node, std::string(what) + " must be a mapping (key: value), not a " + NodeKindName(node),
          "write it as `key: value` lines indented under it, or {key: value}");
  return false;
}

bool YamlReader::ExpectSequence(const YAML::Node& node, std::string_view what) {
  if (node.IsSequence()) return true;
  Invalid(node, std::string(what) + " must be a list, not a " + NodeKindName(node),
          "write it as `- item` lines or [a, b]");
  return false;
}

void YamlReader::CheckKeys(const YAML::Node& map, const std::vector<std::string>& allowed,
                           std::string_view what) {
  if (!map.IsMap()) return;
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      Invalid(key, std::string("keys of ") + std::string(what) + " must be plain names, not a " +
                       NodeKindName(key));
      continue;
    }
    const std::string& name = key.Scalar();
    if (!seen.insert(name).second) {
      diags_.Error("duplicate-key", Where(key), "key '" + name + "' appears twice in " + std::string(what),
                   "keep one of them; YAML would silently use only the first");
      continue;
    }
    bool known = false;
    for (const auto& a : allowed) known = known || a == name;
    if (known) continue;
    std::string hint = "allowed keys: " + Join(allowed, ", ");
    diags_.Error("unknown-key", Where(key),
                 "unknown key '" + name + "' in " + std::string(what) + DidYouMean(name, allowed), hint);
  }
}

std::optional<std::string> YamlReader::String(const YAML::Node& node, std::string_view what) {
  if (IsNull(node)) return std::nullopt;
  if (!node.IsScalar()) {
    Invalid(node, std::string(what) + " must be a single value, not a " + NodeKindName(node));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<double> YamlReader::Number(const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = String(node, what);
  if (!text) return std::nullopt;
  std::string_view s = Trim(*text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || value != value) {
    Invalid(node, std::string(what) + " must be a number, got '" + *text + "'", "e.g. 0.8, 12 or 1.5e3");
    return std::nullopt;
  }
  return value;
}

std::optional<int64_t> YamlReader::Integer(const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = String(node, what);
  if (!text) return std::nullopt;
  std::string_view s = Trim(*text);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
    Invalid(node, std::string(what) + " must be a whole number, got '" + *text + "'");
    return std::nullopt;
  }
  return value;
}

std::optional<bool> YamlReader::Bool(const YAML::Node& node, std::string_view what) {
  std::optional<std::string> text = String(node, what);
  if (!text) return std::nullopt;
  if (*text == "true" || *text == "yes") return true;
  if (*text == "false" || *text == "no") return false;
  Invalid(node, std::string(what) + " must be true or false, got '" + *text + "'");
  return std::nullopt;
}

std::vector<std::string> YamlReader::StringList(const YAML::Node& node, std::string_view what) {
  std::vector<std::string> out;
  if (IsNull(node)) return out;
  if (node.IsScalar()) {
    out.push_back(node.Scalar());
    return out;
  }
  if (!ExpectSequence(node, what)) return out;
  for (const YAML::Node& item : node) {
    if (std::optional<std::string> s = String(item, std::string("an entry of ") + std::string(what))) {
      out.push_back(*s);
    }
  }
  return out;
}

void YamlReader::ReportChoice(const YAML::Node& node, std::string_view what, const std::string& got,
                              const std::vector<std::string>& allowed) {
  Invalid(node,
          std::string(what) + " must be one of " + Join(allowed, ", ") + "; got '" + got + "'" +
              DidYouMean(got, allowed),
          "use one of: " + Join(allowed, ", "));
}

}  // namespace northstar::catalog
