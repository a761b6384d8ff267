#include <mocker/init/oom_score.hpp>

#include <gtest/gtest.h>

namespace init = mocker::engine::init;

TEST(WorkloadOomScore, AboveInitsWithinTheKernelsRange) {
  struct {
    int init_adj, workload_adj;
  } cases[] = {{0, 1000}, {-500, 500}, {950, 1000}, {1000, 1000}, {-1000, 0}};
  for (auto c : cases) EXPECT_EQ(init::workload_oom_score_adj(c.init_adj), c.workload_adj) << c.init_adj;
}
