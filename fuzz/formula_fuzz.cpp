// Fuzzes the formula compiler: every input is parsed; inputs that parse are also
// printed (the canonical text must parse back to the same tree) and compiled as
// a KPI formula and as a KPI filter against a fixed small catalog.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "formula/compiler.h"
#include "formula/printer.h"

namespace {

using northstar::catalog::ColumnType;

northstar::catalog::ColumnDef Column(const char* name, ColumnType type) {
  northstar::catalog::ColumnDef c;
  c.name = name;
  c.from = name;
  c.type = type;
  return c;
}

northstar::catalog::Catalog MakeCatalog() {
  northstar::catalog::Catalog cat;
  northstar::catalog::SourceDef tickets;
  tickets.id = "tickets";
  tickets.time = "created_at";
  tickets.columns = {Column("ticket_id", ColumnType::kInt),
                     Column("created_at", ColumnType::kTimestamp),
                     Column("first_reply_at", ColumnType::kTimestamp),
                     Column("channel", ColumnType::kString),
                     Column("is_spam", ColumnType::kBool),
                     Column("csat", ColumnType::kInt),
                     Column("Ticket Status", ColumnType::kString),
                     Column("amount", ColumnType::kFloat)};
  northstar::catalog::SourceDef customers;
  customers.id = "customers";
  customers.columns = {Column("started_at", ColumnType::kTimestamp),
                       Column("ended_at", ColumnType::kTimestamp), Column("is_new", ColumnType::kBool),
                       Column("mrr", ColumnType::kFloat)};
  northstar::catalog::SourceDef spend;
  spend.id = "spend";
  spend.columns = {Column("day", ColumnType::kTimestamp), Column("amount", ColumnType::kFloat)};
  cat.workspace.sources = {tickets, customers, spend};
  northstar::catalog::CalendarDef hours;
  hours.id = "support_hours";
  cat.workspace.calendars = {hours};
  const char* ids[] = {"mau", "signups", "spend_total"};
  for (const char* id : ids) {
    northstar::catalog::MeasureDef m;
    m.id = id;
    m.source = "tickets";
    m.formula = "count()";
    cat.measures.push_back(m);
  }
  cat.measures[0].formula = "k + 1";  // lets inputs that mention `mau` form a cycle
  return cat;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = northstar::formula::ParseFormula(text);
  if (!parsed.ok()) return 0;

  std::string printed = northstar::formula::ToCanonicalString(**parsed);
  auto reparsed = northstar::formula::ParseFormula(printed);
  if (!reparsed.ok() || !northstar::formula::StructurallyEqual(**parsed, **reparsed)) std::abort();

  static const northstar::catalog::Catalog base = MakeCatalog();
  northstar::catalog::Catalog cat = base;
  northstar::catalog::MeasureDef k;
  k.id = "k";
  k.source = "tickets";
  k.formula = text;
  k.filter = text;
  k.formula_is_single_line = false;
  k.filter_is_single_line = false;
  cat.measures.push_back(k);
  northstar::Diagnostics diags;
  auto compiled = northstar::formula::CompileCatalog(cat, diags);
  for (const auto& d : diags.items()) (void)d.ToString();
  const auto* m = compiled.Find("k");
  if (m && m->formula) (void)northstar::formula::ToCanonicalString(*m->formula);
  return 0;
}
