// Orders measures so that every KPI/metric comes after the ones its formula
// references, and finds reference cycles.
#pragma once

#include <string>
#include <vector>

namespace northstar::formula {

struct MeasureNode {
  std::string id;
  std::vector<std::string> depends_on;  // ids; unknown ids are ignored
};

struct DependencyOrder {
  // Ids, dependencies first; ties keep input order. Empty when there is a cycle.
  std::vector<std::string> order;
  // One entry per cycle (strongly connected group): the path starting and ending
  // at its member that comes first in the input, e.g. {"a", "b", "a"}.
  std::vector<std::vector<std::string>> cycles;
};

// O(nodes + edges). Duplicate ids: the first node with the id wins.
DependencyOrder OrderByDependencies(const std::vector<MeasureNode>& nodes);

}  // namespace northstar::formula
