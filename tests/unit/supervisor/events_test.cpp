// The event journal: appends from several writers stay whole lines, and a
// follower sees what is appended after it started (or everything).
#include <mocker/supervisor/events.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace mocker::orchestrator::supervisor {
namespace {

class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("mocker-events-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    paths_ = project_paths(dir_, "demo");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  static Event event(const std::string& action, const std::string& name) {
    Event e;
    e.action = action;
    e.id = "id-" + name;
    e.name = name;
    e.service = "web";
    return e;
  }

  std::string dir_;
  ProjectPaths paths_;
};

TEST_F(EventsTest, FollowFromStartSeesEveryLineOfConcurrentWriters) {
  constexpr int kPerWriter = 200;
  std::vector<std::thread> writers;
  for (int w = 0; w < 2; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; i < kPerWriter; ++i)
        ASSERT_TRUE(append_event(paths_, event("start", "c" + std::to_string(w) + "-" + std::to_string(i))));
    });
  for (auto& t : writers) t.join();
  std::vector<Event> seen;
  std::atomic<bool> stop{false};
  auto st = follow_events(paths_, true, [&](const Event& e) {
    seen.push_back(e);
    return seen.size() < 2 * kPerWriter;
  }, &stop);
  ASSERT_TRUE(st) << st.error().render();
  ASSERT_EQ(seen.size(), size_t(2 * kPerWriter));
  int next[2] = {0, 0};  // each writer's events arrive in its order
  for (const auto& e : seen) {
    int w = e.name[1] - '0';
    EXPECT_EQ(e.name, "c" + std::to_string(w) + "-" + std::to_string(next[w]));
    ++next[w];
    EXPECT_EQ(e.service, "web");
    EXPECT_FALSE(e.time.empty());
  }
}

TEST_F(EventsTest, FollowFromNowSkipsWhatWasThereAndWaitsForMore) {
  ASSERT_TRUE(append_event(paths_, event("create", "old")));
  std::vector<std::string> seen;
  std::atomic<bool> stop{false};
  std::thread follower([&] {
    (void)follow_events(paths_, false, [&](const Event& e) {
      seen.push_back(e.action + " " + e.name);
      return e.action != "destroy";
    }, &stop);
  });
  // The follower measures the journal when it starts; give it that moment.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ASSERT_TRUE(append_event(paths_, event("die", "new")));
  ASSERT_TRUE(append_event(paths_, event("destroy", "new")));
  follower.join();
  EXPECT_EQ(seen, (std::vector<std::string>{"die new", "destroy new"}));
}

TEST_F(EventsTest, StopEndsAFollowerThatSeesNothing) {
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    stop = true;
  });
  int calls = 0;
  auto st = follow_events(paths_, true, [&](const Event&) { return ++calls > 0; }, &stop);
  stopper.join();
  EXPECT_TRUE(st);
  EXPECT_EQ(calls, 0);
}

TEST_F(EventsTest, JsonAndTextForms) {
  Event e = event("die", "demo-web-1");
  e.time = "2026-11-23T02:10:00.000000001Z";
  e.attributes = {{"exitCode", "1"}, {"name", "demo-web-1"}};
  auto j = to_json(e);
  EXPECT_EQ(j["type"], "container");
  EXPECT_EQ(j["action"], "die");
  EXPECT_EQ(j["service"], "web");
  Event back = event_from_json(j);
  EXPECT_EQ(back.name, "demo-web-1");
  EXPECT_EQ(back.id, "id-demo-web-1");
  EXPECT_EQ(event_text(e), "2026-11-23T02:10:00.000000001Z container die demo-web-1 (exitCode=1)");
}

}  // namespace
}  // namespace mocker::orchestrator::supervisor
