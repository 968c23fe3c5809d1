#include "catalog/model.h"

#include <algorithm>

namespace northstar::catalog {

namespace {

// Linear scans: catalogs hold tens to hundreds of entries, and the model stays plain
// data (no index to keep in sync when callers edit vectors).
template <typename T>
const T* FindById(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& item) { return item.id == id; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

const char* ColumnTypeName(ColumnType t) {
  switch (t) {
    case ColumnType::kInt: return "int";
    case ColumnType::kFloat: return "float";
    case ColumnType::kBool: return "bool";
    case ColumnType::kString: return "string";
    case ColumnType::kTimestamp: return "timestamp";
  }
  return "?";
}

const char* LevelName(Level l) {
  switch (l) {
    case Level::kCompany: return "company";
    case Level::kUnit: return "unit";
    case Level::kTeam: return "team";
    case Level::kIndividual: return "individual";
  }
  return "?";
}

const ColumnDef* SourceDef::FindColumn(const std::string& name) const {
  auto it = std::find_if(columns.begin(), columns.end(), [&](const ColumnDef& c) { return c.name == name; });
  return it == columns.end() ? nullptr : &*it;
}

const SourceDef* Workspace::FindSource(const std::string& id) const {
  return FindById(sources, id);
}

const CalendarDef* Workspace::FindCalendar(const std::string& id) const {
  return FindById(calendars, id);
}

const ThemeDef* Workspace::FindTheme(const std::string& id) const {
  return FindById(themes, id);
}

const GoalDef* Catalog::FindGoal(const std::string& id) const {
  return FindById(goals, id);
}

const MeasureDef* Catalog::FindMeasure(const std::string& id) const {
  return FindById(measures, id);
}

}  // namespace northstar::catalog
