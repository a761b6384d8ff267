// The commands docker users reach for, against the real engine through the
// CLI: pause/unpause, restart, rename, update, cp, export, import/load with
// --change, info, system df and the prune family.
#include "cli_fixture.hpp"

#include <fstream>
#include <sstream>
#include <thread>

using mocker::test::CliTest;
using mocker::test::run;
namespace container = mocker::engine::container;

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

class CommandsTest : public CliTest {
 protected:
  // Starts NAME detached with a shell script; waits until it wrote /ready.
  container::Container start_detached(const std::string& name, const std::string& script) {
    auto r = cli("run -d --name " + name + " busybox sh -c '" + script + "; touch /ready; sleep 1000 & wait'");
    EXPECT_EQ(r.status, 0) << r.output;
    auto c = engine().containers().get(name);
    EXPECT_TRUE(c) << (c ? "" : c.error().render());
    if (!c) return {};
    EXPECT_TRUE(eventually([&] { return std::filesystem::exists(c->resources.rootfs + "/ready"); }));
    return *c;
  }
  std::string cgroup_file(const std::string& controller, const container::Container& c, const std::string& file) {
    return "/sys/fs/cgroup/" + controller + "/" + c.resources.cgroup + "/" + file;
  }
  nlohmann::json inspect(const std::string& ref) {
    auto r = cli("inspect " + ref);
    auto j = nlohmann::json::parse(r.output, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.output;
    return j.is_discarded() ? nlohmann::json() : j[0];
  }
};

TEST_F(CommandsTest, PauseFreezesTheContainerAndUnpauseResumesIt) {
  // The workload counts as fast as it can into a file.
  auto c = start_detached("p", "i=0; (while true; do i=$((i+1)); echo $i > /count; done) & true");
  std::string counter = c.resources.rootfs + "/count";
  ASSERT_TRUE(eventually([&] { return !read_file(counter).empty(); }));
  auto paused = cli("pause p");
  ASSERT_EQ(paused.status, 0) << paused.output;
  EXPECT_EQ(paused.output, "p\n");
  EXPECT_EQ(trimmed(read_file(cgroup_file("freezer", c, "freezer.state"))), "FROZEN");
  EXPECT_EQ(inspect("p")["state"]["status"], "paused");
  EXPECT_NE(cli("ps").output.find("(Paused)"), std::string::npos);
  // Frozen: the count stands still (every task of the group is stopped).
  std::string before = read_file(counter);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(read_file(counter), before);
  auto exec = cli("exec p true");
  EXPECT_EQ(exec.status, 1);
  EXPECT_NE(exec.output.find("container is paused"), std::string::npos) << exec.output;
  auto again = cli("pause p");
  EXPECT_EQ(again.status, 1);
  EXPECT_NE(again.output.find("already paused"), std::string::npos) << again.output;

  ASSERT_EQ(cli("unpause p").status, 0);
  EXPECT_EQ(trimmed(read_file(cgroup_file("freezer", c, "freezer.state"))), "THAWED");
  EXPECT_EQ(inspect("p")["state"]["status"], "running");
  EXPECT_TRUE(eventually([&] { return read_file(counter) != before; }));
  auto not_paused = cli("unpause p");
  EXPECT_EQ(not_paused.status, 1);
  EXPECT_NE(not_paused.output.find("not paused"), std::string::npos) << not_paused.output;
}

TEST_F(CommandsTest, StopOfAPausedContainerThawsItSoTheSignalArrives) {
  start_detached("ps1", "trap \"exit 9\" TERM");
  ASSERT_EQ(cli("pause ps1").status, 0);
  // Frozen, the TERM would wait for a thaw until the timeout's KILL (137).
  auto stopped = cli("stop -t 20 ps1");
  ASSERT_EQ(stopped.status, 0) << stopped.output;
  auto j = inspect("ps1");
  EXPECT_EQ(j["state"]["status"], "exited");
  EXPECT_EQ(j["state"]["exit_code"], 9);
  EXPECT_EQ(j["state"]["paused"], false);
  auto stopped_pause = cli("pause ps1");
  EXPECT_EQ(stopped_pause.status, 1);
  EXPECT_NE(stopped_pause.output.find("not running"), std::string::npos) << stopped_pause.output;
}

TEST_F(CommandsTest, RestartRenameAndUpdate) {
  auto c = start_detached("r", "true");
  auto restarted = cli("restart -t 1 r");
  ASSERT_EQ(restarted.status, 0) << restarted.output;
  auto after = engine().containers().get("r");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->state.status, container::Status::running);
  EXPECT_NE(after->state.pid, c.state.pid);

  ASSERT_EQ(cli("run -d --name other busybox sleep 1000").status, 0);
  auto taken = cli("rename r other");
  EXPECT_EQ(taken.status, 1);
  EXPECT_NE(taken.output.find("already in use"), std::string::npos) << taken.output;
  ASSERT_EQ(cli("rename r renamed").status, 0);
  EXPECT_EQ(inspect("renamed")["id"], c.id);
  EXPECT_EQ(cli("inspect r").status, 1);

  auto updated = cli("update --memory 64m --pids-limit 50 --cpus 0.5 renamed");
  ASSERT_EQ(updated.status, 0) << updated.output;
  EXPECT_EQ(trimmed(read_file(cgroup_file("memory", c, "memory.limit_in_bytes"))), "67108864");
  EXPECT_EQ(trimmed(read_file(cgroup_file("pids", c, "pids.max"))), "50");
  EXPECT_EQ(trimmed(read_file(cgroup_file("cpu", c, "cpu.cfs_quota_us"))), "50000");
  auto limits = inspect("renamed")["limits"];
  EXPECT_EQ(limits["memory_bytes"], 64 * 1024 * 1024);
  EXPECT_EQ(limits["pids_max"], 50);
  // The record keeps them: the next start applies them again.
  ASSERT_EQ(cli("restart -t 1 renamed").status, 0);
  EXPECT_EQ(trimmed(read_file(cgroup_file("pids", c, "pids.max"))), "50");
  EXPECT_EQ(cli("update renamed").status, 1);
}

TEST_F(CommandsTest, CpBothWaysStaysInsideTheRootfs) {
  auto c = start_detached("c",
                          "echo hello > /hello; mkdir -p /d/sub; echo x > /d/sub/f; ln -s /etc/passwd /d/link; "
                          "ln -s ../../../../.. /up; mkdir -p /target");
  std::string host = path("host");
  std::filesystem::create_directories(host);
  ASSERT_EQ(cli("cp c:/hello " + host + "/hello.txt").status, 0);
  EXPECT_EQ(read_file(host + "/hello.txt"), "hello\n");
  // A directory that does not exist yet becomes the copy; symlinks stay symlinks.
  auto dir = cli("cp c:/d " + host + "/d");
  ASSERT_EQ(dir.status, 0) << dir.output;
  EXPECT_EQ(read_file(host + "/d/sub/f"), "x\n");
  EXPECT_TRUE(std::filesystem::is_symlink(host + "/d/link"));
  EXPECT_EQ(std::filesystem::read_symlink(host + "/d/link"), "/etc/passwd");
  // Into an existing directory: under the source's name.
  ASSERT_EQ(cli("cp " + host + "/hello.txt c:/target").status, 0);
  EXPECT_EQ(read_file(c.resources.rootfs + "/target/hello.txt"), "hello\n");
  // A symlink in the container pointing far up resolves inside the rootfs.
  std::ofstream(host + "/evil") << "evil\n";
  ASSERT_EQ(cli("cp " + host + "/evil c:/up/tmp/escaped").status, 0);
  EXPECT_EQ(read_file(c.resources.rootfs + "/tmp/escaped"), "evil\n");
  EXPECT_FALSE(std::filesystem::exists("/tmp/escaped"));
  EXPECT_EQ(cli("exec c cat /tmp/escaped").output, "evil\n");
  // Tar streams both ways.
  auto listed = cli("cp c:/d - | tar -t | sort");
  EXPECT_EQ(listed.output, "d/\nd/link\nd/sub/\nd/sub/f\n") << listed.output;
  ASSERT_EQ(run("tar -C " + host + " -cf " + path("in.tar") + " hello.txt").status, 0);
  auto in = cli("cp - c:/target/ < " + path("in.tar"));
  ASSERT_EQ(in.status, 0) << in.output;
  EXPECT_EQ(cli("exec c cat /target/hello.txt").output, "hello\n");
  auto missing = cli("cp c:/nope " + host);
  EXPECT_EQ(missing.status, 1);
  EXPECT_NE(missing.output.find("/nope"), std::string::npos) << missing.output;
  // A stopped container works the same.
  ASSERT_EQ(cli("stop -t 1 c").status, 0);
  ASSERT_EQ(cli("cp c:/target/hello.txt " + host + "/again").status, 0);
  EXPECT_EQ(read_file(host + "/again"), "hello\n");
}

TEST_F(CommandsTest, ExportThenImportWithChangesRuns) {
  start_detached("e", "echo exported > /mark");
  auto exported = cli("export e -o " + path("e.tar"));
  ASSERT_EQ(exported.status, 0) << exported.output;
  auto names = run("tar -tf " + path("e.tar"));
  EXPECT_NE(names.output.find("bin/busybox\n"), std::string::npos);
  EXPECT_NE(names.output.find("mark\n"), std::string::npos);
  EXPECT_EQ(cli("export e > " + path("e2.tar")).status, 0);
  // The same entries either way (atimes in the pax headers may differ).
  EXPECT_EQ(run("tar -tf " + path("e2.tar")).output, names.output);

  auto imported = cli("import - imported:v1 --change 'CMD [\"cat\", \"/mark\"]' --change 'ENV GREETING=\"hi there\"' < " + path("e.tar"));
  ASSERT_EQ(imported.status, 0) << imported.output;
  EXPECT_EQ(imported.output, "Loaded image: imported:v1\n");
  auto ran = cli("run --rm imported:v1");
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_EQ(ran.output, "exported\n");
  EXPECT_EQ(cli("run --rm imported:v1 sh -c 'echo $GREETING'").output, "hi there\n");
  auto bad = cli("import - --change 'RUN make' < " + path("e.tar"));
  EXPECT_EQ(bad.status, 1);
  EXPECT_NE(bad.output.find("unsupported instruction RUN"), std::string::npos) << bad.output;

  auto init = cli("init " + path("busybox-rootfs") + " -t withcmd --change 'ENTRYPOINT [\"echo\", \"entry\"]'");
  ASSERT_EQ(init.status, 0) << init.output;
  EXPECT_EQ(cli("run --rm withcmd more").output, "entry more\n");

  auto loaded = cli("load -i " + path("e.tar"));
  EXPECT_EQ(loaded.status, 0) << loaded.output;
  EXPECT_NE(loaded.output.find("Loaded image ID: sha256:"), std::string::npos) << loaded.output;
  EXPECT_EQ(cli("load -q < " + path("e.tar")).status, 0);
}

TEST_F(CommandsTest, InfoAndSystemDf) {
  start_detached("i", "head -c 100000 /dev/zero > /blob");
  ASSERT_EQ(cli("volume create data").status, 0);
  auto info = cli("info --format json");
  ASSERT_EQ(info.status, 0) << info.output;
  auto j = nlohmann::json::parse(info.output, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << info.output;
  EXPECT_EQ(j["containers"]["running"], 1);
  EXPECT_EQ(j["images"], 1);
  EXPECT_EQ(j["volumes"], 1);
  EXPECT_EQ(j["store"]["root"], store_root());
  EXPECT_GT(j["store"]["size_bytes"].get<uint64_t>(), 0u);
  EXPECT_TRUE(j["cgroup"].contains("version")) << info.output;
  EXPECT_NE(cli("info").output.find("Running: 1"), std::string::npos);

  auto df = cli("system df --format json");
  ASSERT_EQ(df.status, 0) << df.output;
  std::map<std::string, nlohmann::json> rows;
  std::istringstream lines(df.output);
  for (std::string line; std::getline(lines, line);) {
    auto row = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(row.is_discarded()) << line;
    rows[row["Type"]] = row;
  }
  EXPECT_EQ(rows["Images"]["TotalCount"], 1);
  EXPECT_EQ(rows["Images"]["Active"], 1);
  EXPECT_EQ(rows["Containers"]["Active"], 1);
  // The container's own bytes: the blob (and the marker), not the image's.
  EXPECT_GE(rows["Containers"]["Size"].get<uint64_t>(), 100000u);
  EXPECT_LT(rows["Containers"]["Size"].get<uint64_t>(), 200000u);
  EXPECT_EQ(rows["Local Volumes"]["TotalCount"], 1);
  EXPECT_EQ(cli("system df").status, 0);
}

TEST_F(CommandsTest, PruneFollowsDockersRules) {
  ASSERT_EQ(cli("run --name done busybox true").status, 0);
  start_detached("alive", "true");
  ASSERT_EQ(cli("volume create named").status, 0);
  ASSERT_EQ(cli("volume create -l com.docker.volume.anonymous= anon").status, 0);
  ASSERT_EQ(cli("network create spare").status, 0);
  // Without -f and without a terminal to ask on: refused, nothing removed.
  auto asked = cli("container prune < /dev/null");
  EXPECT_EQ(asked.status, 1);
  EXPECT_NE(asked.output.find("use -f"), std::string::npos) << asked.output;
  EXPECT_TRUE(engine().containers().get("done"));

  // system prune --volumes: stopped containers, unused networks, anonymous
  // volumes; never a named volume, never a running container or used image.
  auto sys = cli("system prune -f --volumes");
  ASSERT_EQ(sys.status, 0) << sys.output;
  EXPECT_FALSE(engine().containers().get("done"));
  EXPECT_TRUE(engine().containers().get("alive"));
  EXPECT_EQ(cli("network inspect spare").status, 1);
  EXPECT_EQ(cli("volume inspect anon").status, 1);
  EXPECT_EQ(cli("volume inspect named").status, 0);
  EXPECT_TRUE(engine().images().resolve("busybox"));
  EXPECT_NE(sys.output.find("Total reclaimed space:"), std::string::npos) << sys.output;

  // volume prune keeps named volumes unless -a.
  EXPECT_EQ(cli("volume prune -f").status, 0);
  EXPECT_EQ(cli("volume inspect named").status, 0);
  EXPECT_EQ(cli("volume prune -a -f").status, 0);
  EXPECT_EQ(cli("volume inspect named").status, 1);

  // image prune: dangling only, -a every unused image.
  ASSERT_EQ(cli("export alive -o " + path("a.tar")).status, 0);
  ASSERT_EQ(cli("import " + path("a.tar")).status, 0);  // untagged: dangling
  ASSERT_EQ(cli("import " + path("a.tar") + " kept:1 --change 'LABEL kept=1'").status, 0);
  auto images = [&] { return engine().images().list()->size(); };
  EXPECT_EQ(images(), 3u);
  EXPECT_EQ(cli("image prune -f").status, 0);
  EXPECT_EQ(images(), 2u);
  ASSERT_EQ(cli("rm -f alive").status, 0);
  ASSERT_EQ(cli("run -d --name user kept:1 sleep 1000").status, 0);
  EXPECT_EQ(cli("image prune -a -f").status, 0);
  EXPECT_FALSE(engine().images().resolve("busybox"));
  EXPECT_TRUE(engine().images().resolve("kept:1"));
  EXPECT_EQ(cli("network prune -f").status, 0);
  EXPECT_EQ(cli("container prune -f").status, 0);
  EXPECT_TRUE(engine().containers().get("user"));
}

}  // namespace
