// How every command reports a failure: one form on stderr, one exit code per kind
// (common/error_kind.h, docs/errors.md).
#include <iostream>
#include <string>

#include "cli/command.h"

namespace northstar::cli {

int ReportError(std::string_view command, ErrorKind kind, std::string_view message, std::string_view hint) {
  std::string text = "northstar";
  if (!command.empty()) text += " " + std::string(command);
  text += ": error: " + std::string(message) + "\n";
  std::string shown_hint(hint.empty() ? Describe(kind).hint : hint);
  if (shown_hint.empty() && kind == ErrorKind::kUsage) {
    shown_hint = command.empty()
                     ? "run `northstar --help` for the commands"
                     : "run `northstar " + std::string(command) + " --help` for its flags and arguments";
  }
  if (!shown_hint.empty()) text += "  hint: " + shown_hint + "\n";
  std::cerr << text << std::flush;
  return ExitCode(kind);
}

int ReportError(std::string_view command, const Status& status, std::string_view hint) {
  return ReportError(command, KindOf(status), status.message(), hint.empty() ? status.hint() : hint);
}

std::optional<int> ParseGrainFlag(std::string_view command, const std::string& text,
                                  std::optional<time::Grain>& grain) {
  grain = std::nullopt;
  if (text.empty()) return std::nullopt;
  grain = time::ParseGrain(text);
  if (grain) return std::nullopt;
  return ReportError(command, ErrorKind::kUsage,
                     "unknown --grain '" + text + "': use " + time::kGrainChoices);
}

}  // namespace northstar::cli
