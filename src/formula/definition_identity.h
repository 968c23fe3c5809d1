// One identity for a KPI's or metric's definition (SPEC §2: "every change of a KPI's
// formula/filter/source creates a new version"): one canonical text and one hash of it,
// used by northstar.lock (`check`'s missing-change-reason rule) and by the results
// database's definition versions alike, so the two never disagree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/model.h"
#include "formula/compiler.h"

namespace northstar::formula {

// What defines a measure's values: its source, filter and formula. Formula and filter
// are in canonical form when they compiled (ToCanonicalString), so reformatting is not
// a change; otherwise whitespace-normalised text. Fields are kept apart by separators
// that cannot occur in them. `compiled` may be null.
std::string CanonicalDefinition(const catalog::MeasureDef& def, const CompiledMeasure* compiled);

// FNV-1a (64 bit) of CanonicalDefinition, as 16 hex digits: stable across runs and
// platforms.
std::string DefinitionHash(const catalog::MeasureDef& def, const CompiledMeasure* compiled);

// Whether the definition compiled fully, i.e. the canonical forms are used.
bool DefinitionCompiled(const catalog::MeasureDef& def, const CompiledMeasure* compiled);

// FNV-1a (64 bit) of `text`, as 16 hex digits. `basis` is FNV's offset basis; another
// is only for reproducing hashes an older Northstar recorded with a mistyped one.
inline constexpr uint64_t kFnvOffsetBasis = 14695981039346656037ull;
std::string Fnv1aHex(std::string_view text, uint64_t basis = kFnvOffsetBasis);

}  // namespace northstar::formula
