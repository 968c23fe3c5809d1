// A message about user input: severity, rule id, location, what is wrong and how to
// fix it. The catalog loader, the formula compiler and `northstar check` all report
// through this one type so every message has the same shape.
#pragma once

#include <string>
#include <vector>

#include "common/source_location.h"

namespace northstar {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string rule;        // stable id, e.g. "unknown-key", "formula-type"
  SourceLocation where;
  std::string message;     // what is wrong
  std::string hint;        // how to fix it (may be empty)
  std::string excerpt;     // optional source line with a caret under the column

  // "catalog/kpis.yaml:12:5: error [unknown-key]: ...\n  hint: ..."
  std::string ToString() const;
};

// An ordered collection of diagnostics with convenience adders.
class Diagnostics {
 public:
  void Error(std::string rule, SourceLocation where, std::string message, std::string hint = "");
  void Warning(std::string rule, SourceLocation where, std::string message, std::string hint = "");
  void Add(Diagnostic d) { items_.push_back(std::move(d)); }
  void Append(const Diagnostics& other);

  bool has_errors() const;
  size_t error_count() const;
  size_t warning_count() const;
  const std::vector<Diagnostic>& items() const { return items_; }
  std::vector<Diagnostic>& items() { return items_; }

  // Stable order: file, line, column, then insertion order.
  void Sort();

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace northstar
