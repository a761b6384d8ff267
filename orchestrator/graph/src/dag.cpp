#include <mocker/graph/dag.hpp>

#include <algorithm>

namespace mocker::orchestrator::graph {

namespace {
const std::set<std::string> kEmpty;
}

void Dag::add_node(const std::string& name) {
  deps_[name];
  rdeps_[name];
}

void Dag::add_edge(const std::string& from, const std::string& to) {
  add_node(from);
  add_node(to);
  deps_[from].insert(to);
  rdeps_[to].insert(from);
}

const std::set<std::string>& Dag::dependencies(const std::string& name) const {
  auto it = deps_.find(name);
  return it == deps_.end() ? kEmpty : it->second;
}

const std::set<std::string>& Dag::dependents(const std::string& name) const {
  auto it = rdeps_.find(name);
  return it == rdeps_.end() ? kEmpty : it->second;
}

std::vector<std::string> Dag::nodes() const {
  std::vector<std::string> out;
  for (const auto& [name, _] : deps_) out.push_back(name);
  return out;
}

std::optional<std::vector<std::string>> Dag::find_cycle() const {
  // Iterative depth-first search (no recursion depth limit on large graphs).
  enum class State { unvisited, active, done };
  std::map<std::string, State> state;
  for (const auto& [name, _] : deps_) state[name] = State::unvisited;
  for (const auto& [root, _] : deps_) {
    if (state[root] != State::unvisited) continue;
    struct Frame {
      const std::string* node;
      std::set<std::string>::const_iterator next;
    };
    std::vector<Frame> stack{{&root, deps_.at(root).begin()}};
    state[root] = State::active;
    while (!stack.empty()) {
      Frame& top = stack.back();
      const auto& out = deps_.at(*top.node);
      if (top.next == out.end()) {
        state[*top.node] = State::done;
        stack.pop_back();
        continue;
      }
      const std::string& child = *top.next++;
      State s = state[child];
      if (s == State::unvisited) {
        state[child] = State::active;
        stack.push_back({&deps_.find(child)->first, deps_.at(child).begin()});
      } else if (s == State::active) {
        std::vector<std::string> cycle;
        size_t start = 0;
        while (*stack[start].node != child) ++start;
        for (size_t i = start; i < stack.size(); ++i) cycle.push_back(*stack[i].node);
        std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
        cycle.push_back(cycle.front());
        return cycle;
      }
    }
  }
  return std::nullopt;
}

engine::sys::Result<Order> Dag::order(bool up) const {
  if (auto cycle = find_cycle())
    return engine::sys::Error::invalid("order", "services", "dependency cycle: " + render_cycle(*cycle));
  const auto& blockers = up ? deps_ : rdeps_;
  std::map<std::string, size_t> waiting;
  for (const auto& [name, set] : blockers) waiting[name] = set.size();
  Order out;
  ReadySet ready;
  for (const auto& [name, n] : waiting)
    if (n == 0) ready.push_back(name);
  while (!ready.empty()) {
    out.push_back(ready);
    ReadySet next;
    for (const auto& name : ready) {
      for (const auto& unblocked : (up ? rdeps_ : deps_).at(name))
        if (--waiting[unblocked] == 0) next.push_back(unblocked);
    }
    std::sort(next.begin(), next.end());
    ready = std::move(next);
  }
  return out;
}

engine::sys::Result<Order> Dag::up_order() const { return order(true); }
engine::sys::Result<Order> Dag::down_order() const { return order(false); }

std::string render_cycle(const std::vector<std::string>& cycle) {
  std::string out;
  for (size_t i = 0; i < cycle.size(); ++i) {
    if (i > 0) out += " -> ";
    out += cycle[i];
  }
  return out;
}

}  // namespace mocker::orchestrator::graph
