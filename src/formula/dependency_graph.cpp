#include "formula/dependency_graph.h"

#include <algorithm>
#include <deque>
#include <unordered_map>

namespace northstar::formula {

DependencyOrder OrderByDependencies(const std::vector<MeasureNode>& nodes) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < nodes.size(); ++i) index.emplace(nodes[i].id, i);
  std::vector<std::vector<size_t>> edges(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (index.at(nodes[i].id) != i) continue;  // shadowed duplicate
    for (const auto& dep : nodes[i].depends_on) {
      auto it = index.find(dep);
      if (it != index.end()) edges[i].push_back(it->second);
    }
  }

  // Tarjan's strongly connected components, iterative so a long chain of
  // references cannot exhaust the stack.
  const size_t kUnvisited = SIZE_MAX;
  std::vector<size_t> order_of(nodes.size(), kUnvisited), low(nodes.size(), 0),
      component(nodes.size(), kUnvisited);
  std::vector<bool> on_stack(nodes.size(), false);
  std::vector<size_t> stack;
  std::vector<std::vector<size_t>> components;  // in completion order: dependencies first
  size_t counter = 0;
  struct Frame {
    size_t node;
    size_t next_edge;
  };
  for (size_t root = 0; root < nodes.size(); ++root) {
    if (order_of[root] != kUnvisited || index.at(nodes[root].id) != root) continue;
    std::vector<Frame> frames{{root, 0}};
    order_of[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      Frame& f = frames.back();
      if (f.next_edge < edges[f.node].size()) {
        size_t to = edges[f.node][f.next_edge++];
        if (order_of[to] == kUnvisited) {
          order_of[to] = low[to] = counter++;
          stack.push_back(to);
          on_stack[to] = true;
          frames.push_back({to, 0});
        } else if (on_stack[to]) {
          low[f.node] = std::min(low[f.node], order_of[to]);
        }
        continue;
      }
      size_t node = f.node;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().node] = std::min(low[frames.back().node], low[node]);
      if (low[node] == order_of[node]) {
        std::vector<size_t> members;
        size_t m;
        do {
          m = stack.back();
          stack.pop_back();
          on_stack[m] = false;
          component[m] = components.size();
          members.push_back(m);
        } while (m != node);
        std::sort(members.begin(), members.end());
        components.push_back(std::move(members));
      }
    }
  }

  DependencyOrder out;
  for (const auto& members : components) {
    size_t first = members.front();
    bool self_loop = std::find(edges[first].begin(), edges[first].end(), first) != edges[first].end();
    if (members.size() == 1 && !self_loop) continue;
    // Shortest path first -> ... -> first inside the component (breadth first).
    std::unordered_map<size_t, size_t> parent;
    std::deque<size_t> queue{first};
    size_t last = first;
    bool closed = false;
    while (!queue.empty() && !closed) {
      size_t n = queue.front();
      queue.pop_front();
      for (size_t to : edges[n]) {
        if (component[to] != component[first]) continue;
        if (to == first) {
          last = n;
          closed = true;
          break;
        }
        if (parent.emplace(to, n).second) queue.push_back(to);
      }
    }
    std::vector<std::string> path{nodes[first].id};
    for (size_t n = last; n != first; n = parent.at(n)) path.push_back(nodes[n].id);
    std::reverse(path.begin() + 1, path.end());
    path.push_back(nodes[first].id);
    out.cycles.push_back(std::move(path));
  }
  std::sort(out.cycles.begin(), out.cycles.end(),
            [&](const auto& a, const auto& b) { return index.at(a.front()) < index.at(b.front()); });
  if (out.cycles.empty()) {
    // Components complete dependencies-first; within the Tarjan order, roots are
    // visited in input order, which keeps ties stable.
    for (const auto& members : components) {
      for (size_t m : members) out.order.push_back(nodes[m].id);
    }
  }
  return out;
}

}  // namespace northstar::formula
