// The parallel executor on real stacks: independent services start while
// another one waits for its dependency (a sequential walk cannot do that),
// dependents still start only after their dependency's condition holds, and
// Ctrl-C during a long `up -d` stops it cleanly with a state the next `up` and
// `down` converge from.
#include "background.hpp"
#include "compose_fixture.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <thread>

namespace mocker::test {
namespace {

using engine::container::Status;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// `gate` completes only once `late` has started, and `early` waits for `gate`.
// In plan order `early` comes before `late` (same dependency level, sorted by
// name), so an executor that walks the plan one operation at a time blocks in
// early's wait while `late` is never started: gate gives up after 15 s with
// exit 1 and `up` fails. Only running late's start during early's wait
// succeeds. `early` itself checks that gate finished before it started.
const char* kOverlap = R"(name: overlap
services:
  gate:
    image: busybox
    volumes: ["./shared:/shared"]
    command: ["sh", "-c", "i=0; while [ $$i -lt 150 ]; do if [ -e /shared/late-started ]; then touch /shared/gate-done; exit 0; fi; sleep 0.1; i=$$((i+1)); done; exit 1"]
  early:
    image: busybox
    volumes: ["./shared:/shared"]
    command: ["sh", "-c", "[ -e /shared/gate-done ] || exit 7; exec sleep 1000"]
    stop_grace_period: 1s
    depends_on:
      gate: {condition: service_completed_successfully}
  kick:
    image: busybox
    command: ["true"]
  late:
    image: busybox
    volumes: ["./shared:/shared"]
    command: ["sh", "-c", "touch /shared/late-started; exec sleep 1000"]
    stop_grace_period: 1s
    depends_on:
      kick: {condition: service_completed_successfully}
)";

TEST_F(ComposeTest, IndependentServicesStartWhileAnotherWaitsForItsDependency) {
  std::string dir = project("overlap", kOverlap);
  std::filesystem::create_directories(dir + "/shared");
  auto up = compose_plain("--progress plain up -d", dir);
  ASSERT_EQ(up.status, 0) << up.output;

  auto gate = engine().containers().get("overlap-gate-1");
  ASSERT_TRUE(gate) << gate.error().render();
  EXPECT_EQ(gate->state.status, Status::exited);
  EXPECT_EQ(gate->state.exit_code, 0) << "gate never saw late start";
  for (const char* name : {"overlap-early-1", "overlap-late-1"}) {
    auto c = engine().containers().get(name);
    ASSERT_TRUE(c) << name << ": " << c.error().render();
    EXPECT_EQ(c->state.status, Status::running) << name << " exited " << c->state.exit_code;
  }
  // The engine's own clock agrees: early started after gate finished.
  auto early = engine().containers().get("overlap-early-1");
  EXPECT_GE(early->state.started_at, gate->state.finished_at);
  EXPECT_TRUE(contains(up.output, "Container overlap-gate-1  Exited (0)")) << up.output;

  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

// The parallel executor lists containers while other workers rewrite their
// records. On btrfs (the store) a readdir misses an entry renamed into place
// after the directory was opened; the records' listing lock keeps listings
// whole. Bounded by rounds and by time.
TEST_F(ComposeTest, ListingRecordsNeverMissesOneBeingRewritten) {
  const auto& records = engine().records();
  constexpr int kRecords = 50;
  for (int i = 0; i < kRecords; ++i) ASSERT_TRUE(records.write("listing-test", "r" + std::to_string(i), {{"n", 0}}));
  std::atomic<bool> done{false};
  std::thread writer([&] {
    auto end = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    for (int round = 1; round <= 2000 && std::chrono::steady_clock::now() < end; ++round)
      for (int i = 0; i < kRecords; ++i)
        (void)records.write("listing-test", "r" + std::to_string(i), {{"n", round}}, engine::sys::Durability::atomic);
    done = true;
  });
  int listings = 0, incomplete = 0;
  while (!done && listings < 1000000) {
    auto all = records.list("listing-test");
    if (!all) {
      ADD_FAILURE() << all.error().render();
      break;
    }
    ++listings;
    if (all->size() != kRecords) ++incomplete;
  }
  writer.join();
  EXPECT_EQ(incomplete, 0) << "of " << listings << " listings";
  for (int i = 0; i < kRecords; ++i) ASSERT_TRUE(records.remove("listing-test", "r" + std::to_string(i)));
}

// A dependency chain of jobs, each running a second after the one before it
// completed, beside a few long-running services: a plan that takes a while.
std::string long_plan() {
  std::string text = "name: long\nservices:\n";
  for (int i = 1; i <= 4; ++i)
    text += "  web" + std::to_string(i) + ": {image: busybox, command: [sleep, \"1000\"], stop_grace_period: 1s}\n";
  for (int i = 1; i <= 8; ++i) {
    text += "  step" + std::to_string(i) + ":\n    image: busybox\n    command: [sleep, \"1\"]\n";
    if (i > 1)
      text += "    depends_on:\n      step" + std::to_string(i - 1) + ": {condition: service_completed_successfully}\n";
  }
  return text;
}

TEST_F(ComposeTest, CtrlCDuringUpStopsCleanlyAndTheNextUpConverges) {
  std::string dir = project("long", long_plan());
  std::string log = path("up.log");
  // exec: the signal goes to mocker-compose itself, not to the shell.
  Background up("cd " + dir + " && MOCKER_ROOT=" + store_root() + " MOCKER_CGROUP_PARENT=" + cgroup_parent() +
                " exec " + std::string(MOCKER_BIN_DIR) + "/mocker-compose --progress plain up -d >" + log + " 2>&1");
  ASSERT_TRUE(up.started());
  // step2 exists once step1 runs and step2's operation waits for it: the
  // plan is being executed, with most of the chain still ahead.
  ASSERT_TRUE(eventually([&] { return !id_of("long-step2-1").empty(); }, std::chrono::seconds(60)));
  up.signal(SIGINT);
  auto status = up.wait(std::chrono::seconds(30));
  ASSERT_TRUE(status) << "up still runs 30 s after Ctrl-C";
  std::string output = run("cat " + log).output;
  // Either way it stopped scheduling: the end of the chain was never made.
  EXPECT_TRUE(id_of("long-step8-1").empty()) << output;
  if (*status != 0) {
    EXPECT_TRUE(contains(output, "interrupted")) << output;
  }

  auto again = compose("up -d", dir);
  ASSERT_EQ(again.status, 0) << again.output;
  auto last = engine().containers().get("long-step8-1");
  ASSERT_TRUE(last) << last.error().render();
  for (int i = 1; i <= 4; ++i) {
    auto web = engine().containers().get("long-web" + std::to_string(i) + "-1");
    ASSERT_TRUE(web);
    EXPECT_EQ(web->state.status, Status::running);
  }
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

TEST_F(ComposeTest, CtrlCEndsAWaitForADependencysHealth) {
  // db stays "starting" (failures in the start period do not count), so app's
  // operation waits on the supervisor until something ends the wait.
  std::string dir = project("sick", R"(name: sick
services:
  db:
    image: busybox
    command: [sleep, "1000"]
    stop_grace_period: 1s
    healthcheck: {test: ["CMD", "false"], interval: 1s, retries: 3, start_period: 1000s}
  app:
    image: busybox
    command: [sleep, "1000"]
    depends_on: {db: {condition: service_healthy}}
)");
  std::string log = path("up.log");
  Background up("cd " + dir + " && MOCKER_ROOT=" + store_root() + " MOCKER_CGROUP_PARENT=" + cgroup_parent() +
                " exec " + std::string(MOCKER_BIN_DIR) + "/mocker-compose --progress plain up -d >" + log + " 2>&1");
  ASSERT_TRUE(up.started());
  ASSERT_TRUE(eventually([&] { return !id_of("sick-db-1").empty(); }, std::chrono::seconds(60)));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // a probe or two: up is waiting now
  ASSERT_FALSE(up.wait(std::chrono::milliseconds(1))) << run("cat " + log).output;
  up.signal(SIGINT);
  auto status = up.wait(std::chrono::seconds(10));
  ASSERT_TRUE(status) << "up still waits for db's health 10 s after Ctrl-C";
  std::string output = run("cat " + log).output;
  EXPECT_NE(*status, 0) << output;
  EXPECT_TRUE(contains(output, "interrupted")) << output;
  // Made before the wait, as docker compose does, but never started.
  auto app = engine().containers().get("sick-app-1");
  if (app) {
    EXPECT_NE(app->state.status, Status::running) << "app started although db never became healthy\n" << output;
  }
  ASSERT_EQ(compose("down -t 1", dir).status, 0);
  expect_nothing_left();
}

}  // namespace
}  // namespace mocker::test
