// Exit codes, signals, stop, logs, zombies, rm: through the engine facade.
#include "archive_builder.hpp"
#include "container_fixture.hpp"

#include <mocker/storage/subvolume.hpp>

#include <csignal>
#include <filesystem>

namespace fs = std::filesystem;
using mocker::test::ContainerTest;
using mocker::engine::container::Status;

TEST_F(ContainerTest, ExitCodesAndSignals) {
  auto seven = run_to_end(options({"sh", "-c", "exit 7"}));
  EXPECT_EQ(seven.state.status, Status::exited);
  EXPECT_EQ(seven.state.exit_code, 7);
  auto killed = run_to_end(options({"sh", "-c", "kill -KILL $$"}));
  EXPECT_EQ(killed.state.exit_code, 128 + SIGKILL);
  EXPECT_EQ(killed.state.exit_signal, SIGKILL);
  auto termed = run_to_end(options({"sh", "-c", "kill -TERM $$"}));
  EXPECT_EQ(termed.state.exit_code, 128 + SIGTERM);
}

TEST_F(ContainerTest, StopSendsTheStopSignalFirst) {
  auto o = options({"sh", "-c", "trap 'echo got USR1; exit 3' USR1; echo ready; while true; do sleep 0.05; done"});
  o.stop_signal = "SIGUSR1";
  auto c = start(o);
  ASSERT_TRUE(eventually([&] { return stdout_of(c.id) == "ready\n"; }));
  auto stopped = engine().containers().stop(c.id, 5);
  ASSERT_TRUE(stopped) << stopped.error().render();
  EXPECT_EQ(stopped->state.status, Status::exited);
  EXPECT_EQ(stopped->state.exit_code, 3);
  EXPECT_EQ(stdout_of(c.id), "ready\ngot USR1\n");
  EXPECT_TRUE(stopped->state.stopped_by_user);
}

TEST_F(ContainerTest, StopKillsAfterTheTimeoutWhenTheSignalIsIgnored) {
  auto c = start(options({"sh", "-c", "trap '' TERM; echo ready; while true; do sleep 0.05; done"}));
  ASSERT_TRUE(eventually([&] { return stdout_of(c.id) == "ready\n"; }));
  auto begin = std::chrono::steady_clock::now();
  auto stopped = engine().containers().stop(c.id, 1);
  ASSERT_TRUE(stopped) << stopped.error().render();
  EXPECT_GE(std::chrono::steady_clock::now() - begin, std::chrono::milliseconds(900)) << "SIGKILL came before the timeout";
  EXPECT_EQ(stopped->state.exit_code, 128 + SIGKILL);
}

TEST_F(ContainerTest, LogsKeepOrderAndTagStreams) {
  // Across the two pipes, order is the order init reads them: space the writes.
  auto c = run_to_end(options({"sh", "-c", "echo one; sleep 0.1; echo two >&2; sleep 0.1; echo three; printf partial"}));
  auto lines = logs(c.id);
  std::vector<std::pair<std::string, std::string>> want = {
      {"stdout", "one\n"}, {"stderr", "two\n"}, {"stdout", "three\n"}, {"stdout", "partial"}};
  EXPECT_EQ(lines, want);
  std::vector<std::string> tail;
  mocker::engine::container::LogOptions last_two;
  last_two.tail = 2;
  ASSERT_TRUE(engine().containers().logs(c.id, last_two, [&](auto&, const std::string& t) { tail.push_back(t); }));
  EXPECT_EQ(tail, (std::vector<std::string>{"three\n", "partial"}));
}

TEST_F(ContainerTest, LogsFollowUntilExit) {
  auto c = start(options({"sh", "-c", "for i in 1 2 3; do echo line$i; sleep 0.2; done"}));
  std::string seen;
  mocker::engine::container::LogOptions follow;
  follow.follow = true;
  ASSERT_TRUE(engine().containers().logs(c.id, follow, [&](auto&, const std::string& t) { seen += t; }));
  EXPECT_EQ(seen, "line1\nline2\nline3\n");
  EXPECT_EQ(engine().containers().get(c.id)->state.status, Status::exited);
}

TEST_F(ContainerTest, OrphansInsideAreReaped) {
  // The subshell's child is orphaned to init; after it exits it must not stay a zombie.
  auto c = run_to_end(options({"sh", "-c", "(sleep 0.2 &); sleep 1; ps -o stat,comm | grep -c '^Z' || true"}));
  EXPECT_EQ(stdout_of(c.id), "0\n");
  EXPECT_EQ(c.state.exit_code, 0);
}

TEST_F(ContainerTest, RmRemovesEverythingItMade) {
  auto c = run_to_end(options({"true"}));
  EXPECT_TRUE(fs::exists(c.resources.rootfs));
  auto running = start(options({"sleep", "100"}));
  auto refused = engine().containers().remove(running.id, false);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().render().find("container is running"), std::string::npos);
  ASSERT_TRUE(engine().containers().remove(running.id, true));
  ASSERT_TRUE(engine().containers().remove(c.id, false));
  expect_no_containers();
  EXPECT_TRUE(mocker::test::cgroups_named(cgroup_parent() + "/" + c.id).empty());
  EXPECT_TRUE(mocker::test::cgroups_named(cgroup_parent() + "/" + running.id).empty());
}

TEST_F(ContainerTest, FailureInsideSetupReachesTheCallerAndRollsBack) {
  auto o = options({"true"});
  o.user = "nosuchuser";
  auto c = engine().containers().create(o);
  ASSERT_TRUE(c);
  auto s = engine().containers().start(c->id);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().render().find("nosuchuser"), std::string::npos) << s.error().render();
  auto after = engine().containers().get(c->id);
  EXPECT_EQ(after->state.status, Status::created);
  EXPECT_NE(after->state.error.find("nosuchuser"), std::string::npos);
  EXPECT_TRUE(mocker::test::cgroups_named(cgroup_parent() + "/" + c->id).empty()) << "cgroup rolled back";
  ASSERT_TRUE(engine().containers().remove(c->id, false));
  expect_no_containers();
}

// `mocker run` makes the rootfs snapshot while init starts; start waits for it.
TEST_F(ContainerTest, ARootfsMadeWhileStartingIsThereForTheWorkloadAndForRm) {
  using mocker::engine::container::RootfsTiming;
  auto& cs = engine().containers();
  auto c = cs.create(options({"sh", "-c", "ls /bin/busybox && echo made"}), RootfsTiming::while_starting);
  ASSERT_TRUE(c) << c.error().render();
  auto s = cs.start(c->id);
  ASSERT_TRUE(s) << s.error().render();
  auto code = cs.wait(c->id);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0);
  EXPECT_EQ(stdout_of(c->id), "/bin/busybox\nmade\n");
  ASSERT_TRUE(cs.remove(c->id, false));
  // Removed before it was ever started: rm waits for the snapshot, then deletes it.
  auto never = cs.create(options({"true"}), RootfsTiming::while_starting);
  ASSERT_TRUE(never) << never.error().render();
  ASSERT_TRUE(cs.remove(never->id, false));
  expect_no_containers();
}

// When that snapshot fails the create never finished: start undoes it as
// create would have, and reports it as create's error.
TEST_F(ContainerTest, ARootfsThatFailsWhileStartingUndoesTheCreate) {
  using mocker::engine::container::RootfsTiming;
  auto& cs = engine().containers();
  auto img = engine().images().resolve("busybox");
  ASSERT_TRUE(img) << img.error().render();
  std::string layer = engine().images().layer_path(img->top_chain());
  ASSERT_TRUE(mocker::engine::storage::set_read_only(layer, false));
  ASSERT_TRUE(mocker::engine::storage::delete_subvolume(layer));  // the image now points at nothing
  auto c = cs.create(options({"true"}), RootfsTiming::while_starting);
  ASSERT_TRUE(c) << c.error().render();
  auto s = cs.start(c->id);
  ASSERT_FALSE(s);
  std::string text = s.error().render();
  EXPECT_TRUE(text.starts_with("create container " + c->name + ": ")) << text;
  EXPECT_NE(text.find("No such file or directory"), std::string::npos) << text;
  EXPECT_FALSE(cs.get(c->id)) << "the record is gone";
  EXPECT_TRUE(mocker::test::cgroups_named(cgroup_parent() + "/" + c->id).empty());
  expect_no_containers();
  // Made before create returns, the same failure is create's own.
  auto before = cs.create(options({"true"}));
  ASSERT_FALSE(before);
  EXPECT_TRUE(before.error().render().starts_with("create container ")) << before.error().render();
  expect_no_containers();
}

TEST_F(ContainerTest, MissingExecutableIsReportedWithTheStep) {
  auto c = engine().containers().create(options({"no-such-binary"}));
  ASSERT_TRUE(c);
  auto s = engine().containers().start(c->id);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().render().find("exec \"no-such-binary\": executable file not found in $PATH"), std::string::npos)
      << s.error().render();
}

TEST_F(ContainerTest, BadCreateInputChangesNothing) {
  auto o = options({"true"});
  o.mounts.push_back({"bind", path("missing-dir"), "/data", {"rbind", "rw"}});
  auto c = engine().containers().create(o);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().render(), "bind mount source " + path("missing-dir") + ": No such file or directory");
  auto unknown = engine().containers().create([&] { auto x = options({"true"}); x.image = "nosuch:image"; return x; }());
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().render(), "resolve image nosuch:image: no such image");
  auto dup = options({"true"});
  dup.name = "twin";
  ASSERT_TRUE(engine().containers().create(dup));
  auto second = engine().containers().create(dup);
  ASSERT_FALSE(second);
  EXPECT_NE(second.error().render().find("already in use"), std::string::npos);
  ASSERT_TRUE(engine().containers().remove("twin", false));
  expect_no_containers();
}

TEST_F(ContainerTest, MountsReadOnlyRootfsAndTmpfs) {
  fs::create_directories(path("shared"));
  mocker::test::write_file(path("shared/in"), "from host\n");
  auto o = options({"sh", "-c", "cat /data/in; echo x > /data/out; touch /rootfs-write 2>/dev/null || echo ro-root; "
                                "echo t > /scratch/t && cat /scratch/t; touch /ro/x 2>/dev/null || echo ro-bind"});
  o.read_only = true;
  o.mounts.push_back({"bind", path("shared"), "/data", {"rbind", "rw"}});
  o.mounts.push_back({"bind", path("shared"), "/ro", {"rbind", "ro"}});
  o.mounts.push_back({"tmpfs", "tmpfs", "/scratch", {"size=1m"}});
  auto c = run_to_end(o);
  EXPECT_EQ(stdout_of(c.id), "from host\nro-root\nt\nro-bind\n");
  EXPECT_TRUE(fs::exists(path("shared/out")));
}

TEST_F(ContainerTest, EnvWorkdirUserAndHostname) {
  auto o = options({"sh", "-c", "echo $A:$B; pwd; id -u; hostname"});
  o.env = {"A=1", "B=two"};
  o.workdir = "/tmp/made";
  o.user = "daemon";
  o.hostname = "inside";
  auto c = run_to_end(o);
  EXPECT_EQ(stdout_of(c.id), "1:two\n/tmp/made\n1\ninside\n");
}

TEST_F(ContainerTest, UlimitAboveTheHardLimitFailsClearly) {
  auto o = options({"true"});
  o.ulimits.push_back({"nofile", 1ULL << 40, 1ULL << 40});
  auto c = engine().containers().create(o);
  ASSERT_TRUE(c);
  auto s = engine().containers().start(c->id);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().render().find("nofile"), std::string::npos) << s.error().render();
}

TEST_F(ContainerTest, CommitMakesAnImageOfTheContainersFiles) {
  auto c = run_to_end(options({"sh", "-c", "echo committed > /etc/marker; rm /bin/vi"}));
  auto img = engine().containers().commit(c.id, *mocker::engine::image::parse_reference("snap:1"));
  ASSERT_TRUE(img) << img.error().render_long();
  EXPECT_EQ(img->layers.size(), 2u);
  EXPECT_EQ(img->source, "commit");
  auto from_commit = run_to_end([&] {
    auto o = options({"sh", "-c", "cat /etc/marker; test -e /bin/vi || echo vi-gone"});
    o.image = "snap:1";
    return o;
  }());
  EXPECT_EQ(stdout_of(from_commit.id), "committed\nvi-gone\n");
  // The same filesystem committed twice stores one layer.
  auto again = engine().containers().commit(c.id, *mocker::engine::image::parse_reference("snap:2"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->layers.back().chain_id, img->layers.back().chain_id);
}
