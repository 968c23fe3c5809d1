#include "formula/definition_identity.h"

#include <cstdint>
#include <cstdio>

#include "formula/printer.h"

namespace northstar::formula {
namespace {

// Collapses runs of whitespace outside quotes to one space and trims the ends, so
// re-indenting a formula does not count as a change.
std::string NormaliseWhitespace(std::string_view text) {
  std::string out;
  char quote = 0;
  bool pending_space = false;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (!quote && space) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
    if (quote && c == quote) {
      quote = 0;
    } else if (!quote && (c == '\'' || c == '"')) {
      quote = c;
    }
  }
  return out;
}

}  // namespace

bool DefinitionCompiled(const catalog::MeasureDef& def, const CompiledMeasure* compiled) {
  return compiled && compiled->formula && (def.filter.empty() || compiled->filter);
}

std::string CanonicalDefinition(const catalog::MeasureDef& def, const CompiledMeasure* compiled) {
  const bool canonical = DefinitionCompiled(def, compiled);
  std::string formula = canonical ? ToCanonicalString(*compiled->formula) : NormaliseWhitespace(def.formula);
  std::string filter =
      canonical && compiled->filter ? ToCanonicalString(*compiled->filter) : NormaliseWhitespace(def.filter);
  // Field separators that cannot occur in the parts keep "a|bc" and "ab|c" apart.
  return "source\x1f" + def.source + "\x1e" + "filter\x1f" + filter + "\x1e" + "formula\x1f" + formula;
}

std::string DefinitionHash(const catalog::MeasureDef& def, const CompiledMeasure* compiled) {
  return Fnv1aHex(CanonicalDefinition(def, compiled));
}

std::string Fnv1aHex(std::string_view text, uint64_t basis) {
  uint64_t h = basis;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

}  // namespace northstar::formula
