#pragma once
// Dependency graph of a project's services: which service must be up before which.
// Pure: no I/O, deterministic order (names sorted within each step).
#include <mocker/sys/result.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mocker::orchestrator::graph {

// Services that can be handled at the same time, in name order.
using ReadySet = std::vector<std::string>;
using Order = std::vector<ReadySet>;

class Dag {
 public:
  void add_node(const std::string& name);
  // `from` depends on `to`: `to` starts first and stops last. Adds missing nodes.
  void add_edge(const std::string& from, const std::string& to);

  bool contains(const std::string& name) const { return deps_.count(name) != 0; }
  const std::set<std::string>& dependencies(const std::string& name) const;
  const std::set<std::string>& dependents(const std::string& name) const;
  std::vector<std::string> nodes() const;

  // A cycle as the path that closes it, e.g. {"a", "b", "a"}, starting at its
  // smallest name; nullopt when the graph is acyclic.
  std::optional<std::vector<std::string>> find_cycle() const;

  // Start order: each set depends only on earlier sets.
  engine::sys::Result<Order> up_order() const;
  // Stop order: dependents before what they depend on.
  engine::sys::Result<Order> down_order() const;

 private:
  engine::sys::Result<Order> order(bool up) const;

  std::map<std::string, std::set<std::string>> deps_;      // node -> what it depends on
  std::map<std::string, std::set<std::string>> rdeps_;     // node -> what depends on it
};

// "a -> b -> a"
std::string render_cycle(const std::vector<std::string>& cycle);

}  // namespace mocker::orchestrator::graph
