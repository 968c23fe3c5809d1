// A small in-memory catalog for the formula tests: three sources, a calendar and
// helpers to add KPIs located at a known file position.
#pragma once

#include <string>

#include "catalog/model.h"
#include "common/diagnostic.h"
#include "formula/compiler.h"

namespace northstar::formula::testing {

inline catalog::ColumnDef Column(std::string name, catalog::ColumnType type) {
  catalog::ColumnDef c;
  c.name = name;
  c.from = std::move(name);
  c.type = type;
  return c;
}

inline catalog::Catalog MakeCatalog() {
  using T = catalog::ColumnType;
  catalog::Catalog cat;
  cat.workspace.name = "test";
  catalog::SourceDef tickets;
  tickets.id = "tickets";
  tickets.key = "ticket_id";
  tickets.time = "created_at";
  tickets.columns = {Column("ticket_id", T::kInt),
                     Column("created_at", T::kTimestamp),
                     Column("first_reply_at", T::kTimestamp),
                     Column("channel", T::kString),
                     Column("region", T::kString),
                     Column("is_spam", T::kBool),
                     Column("is_duplicate", T::kBool),
                     Column("csat", T::kInt),
                     Column("Ticket Status", T::kString),
                     Column("amount", T::kFloat),
                     Column("resolved_first_contact", T::kBool)};
  catalog::SourceDef customers;
  customers.id = "customers";
  customers.key = "customer_id";
  customers.time = "started_at";
  customers.columns = {Column("customer_id", T::kInt),    Column("started_at", T::kTimestamp),
                       Column("ended_at", T::kTimestamp), Column("is_new", T::kBool),
                       Column("mrr", T::kFloat),          Column("plan", T::kString)};
  catalog::SourceDef spend;
  spend.id = "spend";
  spend.key = "entry";
  spend.time = "day";
  spend.columns = {Column("entry", T::kInt), Column("day", T::kTimestamp), Column("amount", T::kFloat)};
  cat.workspace.sources = {tickets, customers, spend};
  catalog::CalendarDef hours;
  hours.id = "support_hours";
  cat.workspace.calendars = {hours};
  return cat;
}

// Adds a KPI whose formula starts at catalog/kpis.yaml:`line`:`column`.
inline catalog::MeasureDef& AddKpi(catalog::Catalog& cat, std::string id, std::string formula,
                                   std::string source = "tickets", int line = 10, int column = 14) {
  catalog::MeasureDef m;
  m.id = std::move(id);
  m.name = m.id;
  m.source = std::move(source);
  m.formula = std::move(formula);
  m.where = {"catalog/kpis.yaml", line - 5, 5};
  m.formula_where = {"catalog/kpis.yaml", line, column};
  m.filter_where = {"catalog/kpis.yaml", line + 1, 13};
  cat.measures.push_back(std::move(m));
  return cat.measures.back();
}

// Compiles a catalog holding the given measures plus one KPI `k` with `formula`.
struct Compiled {
  catalog::Catalog catalog;
  CompiledCatalog compiled;
  Diagnostics diags;
  const CompiledMeasure& k() const { return *compiled.Find("k"); }
  std::string FirstError() const {
    for (const auto& d : diags.items()) {
      if (d.severity == Severity::kError) return d.ToString();
    }
    return "";
  }
};

}  // namespace northstar::formula::testing
