#pragma once
// A store with a busybox+probe image, and helpers to run containers to the end.
#include "engine_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace mocker::test {

class ContainerTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    make_busybox_image();
  }
  void TearDown() override {
    if (engine_) {
      // Whatever a test left running goes, so the leak check judges the engine.
      auto all = engine().containers().list(true, {});
      if (all)
        for (const auto& c : *all) (void)engine().containers().remove(c.id, true);
    }
    EngineTest::TearDown();
  }

  engine::container::CreateOptions options(std::vector<std::string> cmd) {
    engine::container::CreateOptions o;
    o.image = "busybox";
    o.cmd = std::move(cmd);
    return o;
  }

  // Creates and starts; fails the test on error.
  engine::container::Container start(const engine::container::CreateOptions& o) {
    auto c = engine().containers().create(o);
    EXPECT_TRUE(c) << c.error().render_long();
    if (!c) return {};
    auto s = engine().containers().start(c->id);
    EXPECT_TRUE(s) << s.error().render_long();
    return s ? *s : *c;
  }

  engine::container::Container run_to_end(const engine::container::CreateOptions& o) {
    auto c = start(o);
    auto code = engine().containers().wait(c.id);
    EXPECT_TRUE(code) << code.error().render();
    return *engine().containers().get(c.id);
  }

  std::vector<std::pair<std::string, std::string>> logs(const std::string& id) {
    std::vector<std::pair<std::string, std::string>> out;
    auto st = engine().containers().logs(id, {}, [&](const std::string& s, const std::string& t) { out.push_back({s, t}); });
    EXPECT_TRUE(st) << st.error().render();
    return out;
  }

  std::string stdout_of(const std::string& id) {
    std::string out;
    for (const auto& [s, t] : logs(id))
      if (s == "stdout") out += t;
    return out;
  }

  // Polls cond every 20 ms for at most `limit`.
  template <class F>
  bool eventually(F cond, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
      if (cond()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return cond();
  }
};

}  // namespace mocker::test
