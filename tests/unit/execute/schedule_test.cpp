// Which operations a schedule hands out, given `after` edges and completions.
#include <mocker/execute/schedule.hpp>

#include <gtest/gtest.h>

#include <string>

namespace mocker::orchestrator::execute {
namespace {

// Takes everything ready now, as a string: "0,1".
std::string take_ready(Schedule& s) {
  std::string out;
  while (auto op = s.next()) out += (out.empty() ? "" : ",") + std::to_string(*op);
  return out;
}

struct Case {
  const char* name;
  std::vector<std::vector<size_t>> after;
  std::vector<size_t> completions;  // completed one by one
  std::vector<std::string> ready;   // handed out at the start, then after each completion
};

class ScheduleCases : public ::testing::TestWithParam<Case> {};

TEST_P(ScheduleCases, HandsOutWhatIsReady) {
  const Case& c = GetParam();
  auto s = Schedule::make(c.after);
  ASSERT_TRUE(s) << s.error().render();
  std::vector<std::string> got{take_ready(*s)};
  for (size_t op : c.completions) {
    s->complete(op);
    got.push_back(take_ready(*s));
  }
  EXPECT_EQ(got, c.ready);
  EXPECT_TRUE(s->over());
}

INSTANTIATE_TEST_SUITE_P(
    Plans, ScheduleCases,
    ::testing::Values(
        Case{"empty", {}, {}, {""}},
        Case{"flat", {{}, {}, {}}, {1, 0, 2}, {"0,1,2", "", "", ""}},
        Case{"chain", {{}, {0}, {1}}, {0, 1, 2}, {"0", "1", "2", ""}},
        // network first, then two services, the second depending on the first's two replicas
        Case{"fan", {{}, {0}, {0}, {1, 2}}, {0, 2, 1, 3}, {"0", "1,2", "", "3", ""}},
        // an operation with no edges runs at once even if it is listed last
        Case{"late independent", {{}, {0}, {}}, {0, 1, 2}, {"0,2", "1", "", ""}}),
    [](const auto& info) {
      std::string n = info.param.name;
      for (char& ch : n)
        if (ch == ' ') ch = '_';
      return n;
    });

TEST(Schedule, RefusesAnEdgeToALaterOperation) {
  EXPECT_FALSE(Schedule::make({{1}, {}}));
  EXPECT_FALSE(Schedule::make({{0}}));
}

TEST(Schedule, StopHandsOutNothingMoreButLetsTheRunningFinish) {
  auto s = Schedule::make({{}, {}, {0}});
  ASSERT_TRUE(s);
  EXPECT_EQ(take_ready(*s), "0,1");
  s->stop();
  EXPECT_FALSE(s->over());  // two still run
  s->complete(0);
  EXPECT_EQ(take_ready(*s), "");
  s->complete(1);
  EXPECT_TRUE(s->over());
  EXPECT_EQ(s->completed(), 2u);
}

}  // namespace
}  // namespace mocker::orchestrator::execute
