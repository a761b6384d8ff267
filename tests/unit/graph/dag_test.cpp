#include <mocker/graph/dag.hpp>

#include <gtest/gtest.h>

namespace mocker::orchestrator::graph {
namespace {

using Edges = std::vector<std::pair<std::string, std::string>>;  // {from, to}: from depends on to

Dag make(const std::vector<std::string>& nodes, const Edges& edges) {
  Dag d;
  for (const auto& n : nodes) d.add_node(n);
  for (const auto& [from, to] : edges) d.add_edge(from, to);
  return d;
}

struct OrderCase {
  const char* name;
  std::vector<std::string> nodes;
  Edges edges;
  Order up;
  Order down;
};

class DagOrderTest : public ::testing::TestWithParam<OrderCase> {};

TEST_P(DagOrderTest, GroupsIntoReadySets) {
  const OrderCase& c = GetParam();
  Dag d = make(c.nodes, c.edges);
  auto up = d.up_order();
  ASSERT_TRUE(up) << up.error().render();
  EXPECT_EQ(*up, c.up);
  auto down = d.down_order();
  ASSERT_TRUE(down) << down.error().render();
  EXPECT_EQ(*down, c.down);
}

INSTANTIATE_TEST_SUITE_P(Shapes, DagOrderTest, ::testing::Values(
    OrderCase{"empty", {}, {}, {}, {}},
    OrderCase{"independent", {"b", "a", "c"}, {}, {{"a", "b", "c"}}, {{"a", "b", "c"}}},
    OrderCase{"chain", {}, {{"web", "api"}, {"api", "db"}}, {{"db"}, {"api"}, {"web"}}, {{"web"}, {"api"}, {"db"}}},
    OrderCase{"diamond", {}, {{"web", "api"}, {"web", "cache"}, {"api", "db"}, {"cache", "db"}},
              {{"db"}, {"api", "cache"}, {"web"}}, {{"web"}, {"api", "cache"}, {"db"}}},
    OrderCase{"uneven", {"solo"}, {{"c", "b"}, {"b", "a"}, {"c", "a"}},
              {{"a", "solo"}, {"b"}, {"c"}}, {{"c", "solo"}, {"b"}, {"a"}}}),
    [](const auto& info) { return std::string(info.param.name); });

struct CycleCase {
  const char* name;
  Edges edges;
  std::vector<std::string> cycle;  // empty: acyclic
};

class DagCycleTest : public ::testing::TestWithParam<CycleCase> {};

TEST_P(DagCycleTest, FindsAndNamesTheCycle) {
  const CycleCase& c = GetParam();
  Dag d = make({}, c.edges);
  auto cycle = d.find_cycle();
  if (c.cycle.empty()) {
    EXPECT_FALSE(cycle);
    EXPECT_TRUE(d.up_order());
    return;
  }
  ASSERT_TRUE(cycle);
  EXPECT_EQ(*cycle, c.cycle);
  auto up = d.up_order();
  ASSERT_FALSE(up);
  EXPECT_EQ(up.error().render(), "order services: dependency cycle: " + render_cycle(c.cycle));
  EXPECT_FALSE(d.down_order());
}

INSTANTIATE_TEST_SUITE_P(Cycles, DagCycleTest, ::testing::Values(
    CycleCase{"none", {{"a", "b"}, {"b", "c"}}, {}},
    CycleCase{"self", {{"a", "a"}}, {"a", "a"}},
    CycleCase{"pair", {{"a", "b"}, {"b", "a"}}, {"a", "b", "a"}},
    CycleCase{"rotated_to_smallest", {{"x", "m"}, {"m", "b"}, {"b", "x"}}, {"b", "x", "m", "b"}},
    CycleCase{"behind_a_tail", {{"app", "c"}, {"c", "d"}, {"d", "c"}}, {"c", "d", "c"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Dag, RenderCycle) { EXPECT_EQ(render_cycle({"a", "b", "a"}), "a -> b -> a"); }

TEST(Dag, NeighboursBothWays) {
  Dag d = make({}, {{"web", "db"}, {"worker", "db"}});
  EXPECT_EQ(d.dependencies("web"), (std::set<std::string>{"db"}));
  EXPECT_EQ(d.dependents("db"), (std::set<std::string>{"web", "worker"}));
  EXPECT_TRUE(d.dependencies("missing").empty());
  EXPECT_TRUE(d.contains("worker"));
  EXPECT_EQ(d.nodes(), (std::vector<std::string>{"db", "web", "worker"}));
}

TEST(Dag, LongChainDoesNotRecurse) {
  Dag d;
  for (int i = 0; i < 20000; ++i) d.add_edge("n" + std::to_string(i + 1), "n" + std::to_string(i));
  EXPECT_FALSE(d.find_cycle());
  auto up = d.up_order();
  ASSERT_TRUE(up);
  EXPECT_EQ(up->size(), 20001u);
  d.add_edge("n0", "n20000");
  EXPECT_TRUE(d.find_cycle());
}

}  // namespace
}  // namespace mocker::orchestrator::graph
