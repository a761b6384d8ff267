// The live view's model: events at given times in, the lines it shows out.
#include "progress.hpp"

#include <gtest/gtest.h>

namespace mocker::cli::compose {
namespace {

using Kind = ProgressEvent::Kind;
using ms = std::chrono::milliseconds;

struct Step {
  int at;  // ms
  Kind kind;
  const char* object;
  const char* status;
};

std::vector<std::string> view(const std::vector<Step>& steps, int now, size_t width = 0) {
  ProgressModel model;
  for (const auto& s : steps) model.apply({s.kind, s.object, s.status}, ms(s.at));
  return model.lines(ms(now), width);
}

using Lines = std::vector<std::string>;

TEST(ProgressModel, OneLinePerObjectWithItsLatestStatusAndTime) {
  std::vector<Step> up{
      {0, Kind::working, "Network demo_default", "Creating"},
      {100, Kind::done, "Network demo_default", "Created"},
      {100, Kind::working, "Container demo-web-1", "Creating"},
      {150, Kind::working, "Container demo-db-1", "Creating"},
      {400, Kind::done, "Container demo-web-1", "Created"},
      {450, Kind::working, "Container demo-web-1", "Starting"},
  };
  EXPECT_EQ(view(up, 760), (Lines{
                               "[+] Running 1/3",
                               " ✔ Network demo_default  Created   0.1s",
                               " ⠧ Container demo-web-1  Starting  0.7s",  // since its first event
                               " ⠧ Container demo-db-1   Creating  0.6s",
                           }));
  up.push_back({860, Kind::done, "Container demo-web-1", "Started"});
  up.push_back({950, Kind::failed, "Container demo-db-1", "Error"});
  EXPECT_EQ(view(up, 5000), (Lines{
                                "[+] Running 3/3",
                                " ✔ Network demo_default  Created  0.1s",
                                " ✔ Container demo-web-1  Started  0.8s",
                                " ✘ Container demo-db-1   Error    0.8s",
                            }));
}

TEST(ProgressModel, TheSpinnerTurnsWithTime) {
  std::vector<Step> one{{0, Kind::working, "Container a-1", "Waiting"}};
  EXPECT_EQ(view(one, 0)[1], " ⠋ Container a-1  Waiting  0.0s");
  EXPECT_EQ(view(one, 100)[1], " ⠙ Container a-1  Waiting  0.1s");
  EXPECT_EQ(view(one, 1000)[1], " ⠋ Container a-1  Waiting  1.0s");
}

TEST(ProgressModel, WarningsAndCanceledStepsHaveTheirOwnMarks) {
  std::vector<Step> steps{
      {0, Kind::warning, "demo-web-1", "build: not supported, ignored"},
      {0, Kind::warning, "demo-web-1", "build: not supported, ignored"},  // said twice, shown once
      {0, Kind::working, "Container demo-job-1", "Waiting"},
      {200, Kind::canceled, "Container demo-job-1", "Canceled"},
  };
  EXPECT_EQ(view(steps, 300), (Lines{
                                  "[+] Running 1/1",
                                  " ! WARN demo-web-1  build: not supported, ignored",
                                  " - Container demo-job-1  Canceled  0.2s",
                              }));
}

TEST(ProgressModel, LinesAreCutToTheTerminalWidthWithoutSplittingCharacters) {
  std::vector<Step> steps{{0, Kind::done, "Container demo-a-very-long-name-1", "Started"}};
  EXPECT_EQ(view(steps, 0, 12), (Lines{"[+] Running ", " ✔ Container"}));
}

TEST(ProgressModel, ColoursOnlyTheMark) {
  ProgressModel model;
  model.apply({Kind::done, "Volume v", "Created"}, ms(0));
  EXPECT_EQ(model.lines(ms(0), 0, true)[1], " \x1b[32m✔\x1b[0m Volume v  Created  0.0s");
}

TEST(ProgressModel, WorkingUntilEveryObjectIsInAFinalState) {
  ProgressModel model;
  EXPECT_FALSE(model.working());
  model.apply({Kind::working, "Container a-1", "Stopping"}, ms(0));
  EXPECT_TRUE(model.working());
  model.apply({Kind::done, "Container a-1", "Stopped"}, ms(10));
  EXPECT_FALSE(model.working());
  model.apply({Kind::finished, "", ""}, ms(10));  // the renderer's business, not a line
  EXPECT_EQ(model.lines(ms(10)).size(), 2u);
  model.clear();
  EXPECT_TRUE(model.empty());
}

TEST(ProgressEvent, PlainLinesAreUnchanged) {
  EXPECT_EQ(ProgressEvent({Kind::done, "Container demo-web-1", "Started"}).line(), "Container demo-web-1  Started");
  EXPECT_EQ(ProgressEvent({Kind::warning, "demo-web-1", "x ignored"}).line(), "WARN demo-web-1  x ignored");
}

}  // namespace
}  // namespace mocker::cli::compose
