#include "common/diagnostic.h"

#include <algorithm>

namespace northstar {

std::string SourceLocation::ToString() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) out += ":" + std::to_string(line);
  if (line > 0 && column > 0) out += ":" + std::to_string(column);
  return out;
}

std::string Diagnostic::ToString() const {
  std::string out = where.ToString();
  out += severity == Severity::kError ? ": error [" : ": warning [";
  out += rule + "]: " + message;
  if (!excerpt.empty()) out += "\n" + excerpt;
  if (!hint.empty()) out += "\n  hint: " + hint;
  return out;
}

void Diagnostics::Error(std::string rule, SourceLocation where, std::string message, std::string hint) {
  items_.push_back({Severity::kError, std::move(rule), std::move(where), std::move(message), std::move(hint), {}});
}

void Diagnostics::Warning(std::string rule, SourceLocation where, std::string message, std::string hint) {
  items_.push_back({Severity::kWarning, std::move(rule), std::move(where), std::move(message), std::move(hint), {}});
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

bool Diagnostics::has_errors() const { return error_count() > 0; }

size_t Diagnostics::error_count() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(),
                                           [](const Diagnostic& d) { return d.severity == Severity::kError; }));
}

size_t Diagnostics::warning_count() const { return items_.size() - error_count(); }

void Diagnostics::Sort() {
  std::stable_sort(items_.begin(), items_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.where.file != b.where.file) return a.where.file < b.where.file;
    if (a.where.line != b.where.line) return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
}

}  // namespace northstar
