// YamlReader: typed, located reads from one parsed YAML file, reporting every problem
// into Diagnostics instead of throwing. The workspace and catalog parsers use it so
// all their messages share one shape:
//   unknown-key   a key the format does not define (with "did you mean")
//   duplicate-key a key written twice in one mapping
//   invalid-value a value of the wrong YAML kind, type or enum (naming what is allowed)
//
// Every read takes the node and a human name of what is being read ("`frequency`")
// and returns std::nullopt after reporting when the value is unusable. A YAML null
// (`key:`, `key: null`, `key: ~`) reads as "absent": nullopt without a diagnostic.
// Not thread-safe; one reader per file.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/diagnostic.h"
#include "common/source_location.h"

namespace northstar::catalog {

class YamlReader {
 public:
  // `file` is the path relative to the workspace; `text` the file's full contents
  // (kept by reference: it must outlive the reader).
  YamlReader(std::string file, std::string_view text, Diagnostics& diags);

  const std::string& file() const { return file_; }
  Diagnostics& diags() { return diags_; }

  // 1-based location of a node (its first character); file-only when unknown.
  SourceLocation Where(const YAML::Node& node) const;

  // Location of the first character of a scalar's *text*: after the opening quote
  // of a quoted scalar, on the first content line of a block scalar (`|`, `>`).
  // `single_line` is set when the text maps 1:1 onto one line of the file, so a
  // column offset inside the text is a column offset in the file.
  SourceLocation TextStart(const YAML::Node& node, bool* single_line) const;

  bool IsNull(const YAML::Node& node) const { return !node.IsDefined() || node.IsNull(); }

  // Reports invalid-value unless `node` is a mapping / sequence.
  bool ExpectMap(const YAML::Node& node, std::string_view what);
  bool ExpectSequence(const YAML::Node& node, std::string_view what);

  // Reports unknown-key for keys not in `allowed` and duplicate-key for repeats.
  void CheckKeys(const YAML::Node& map, const std::vector<std::string>& allowed, std::string_view what);

  std::optional<std::string> String(const YAML::Node& node, std::string_view what);
  std::optional<double> Number(const YAML::Node& node, std::string_view what);
  std::optional<int64_t> Integer(const YAML::Node& node, std::string_view what);
  std::optional<bool> Bool(const YAML::Node& node, std::string_view what);
  // A list of strings; a single scalar is accepted as a one-element list.
  std::vector<std::string> StringList(const YAML::Node& node, std::string_view what);

  // One of the named choices; the message lists them all.
  template <typename E>
  std::optional<E> Enum(const YAML::Node& node, std::string_view what,
                        const std::vector<std::pair<std::string, E>>& choices) {
    std::optional<std::string> text = String(node, what);
    if (!text) return std::nullopt;
    std::vector<std::string> names;
    for (const auto& [name, value] : choices) {
      if (name == *text) return value;
      names.push_back(name);
    }
    ReportChoice(node, what, *text, names);
    return std::nullopt;
  }

  // invalid-value at `node`.
  void Invalid(const YAML::Node& node, std::string message, std::string hint = "");

 private:
  void ReportChoice(const YAML::Node& node, std::string_view what, const std::string& got,
                    const std::vector<std::string>& allowed);

  std::string file_;
  std::string_view text_;
  Diagnostics& diags_;
};

// "mapping", "sequence", "scalar", "null" — for messages.
const char* NodeKindName(const YAML::Node& node);

}  // namespace northstar::catalog
