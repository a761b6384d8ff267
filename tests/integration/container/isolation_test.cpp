// What a process inside a container sees, reported by mocker-probe.
#include "container_fixture.hpp"

#include <nlohmann/json.hpp>

#include <set>

using mocker::test::ContainerTest;

TEST_F(ContainerTest, ProbeSeesAnIsolatedContainer) {
  auto o = options({"mocker-probe"});
  o.hostname = "isolated";
  auto c = run_to_end(o);
  auto r = nlohmann::json::parse(stdout_of(c.id), nullptr, false);
  ASSERT_FALSE(r.is_discarded()) << stdout_of(c.id);
  EXPECT_EQ(r["ppid"], 1) << "the workload is the child of PID 1 (mocker-init)";
  EXPECT_EQ(r["pids"], nlohmann::json::array({1, 2})) << "no host processes visible";
  EXPECT_EQ(r["hostname"], "isolated");
  for (const auto& line : r["mountinfo"]) {
    std::string m = line.get<std::string>();
    EXPECT_EQ(m.find(root_dir()), std::string::npos) << "host path visible: " << m;
    EXPECT_EQ(m.find(" /work"), std::string::npos) << "host mount visible: " << m;
  }
  EXPECT_TRUE(r["sys_read_only"].get<bool>());
  EXPECT_EQ(r["status"]["CapEff"], "00000000a80425fb") << "Docker's default capability set";
  EXPECT_EQ(r["status"]["CapBnd"], "00000000a80425fb");
  EXPECT_EQ(r["status"]["NoNewPrivs"], "1");
  EXPECT_EQ(r["status"]["Seccomp"], "2") << "seccomp in filter mode";
  EXPECT_EQ(r["interfaces"], nlohmann::json::parse(R"([{"name":"lo","up":true}])"));
}

TEST_F(ContainerTest, EscapeAttemptsFail) {
  auto c = run_to_end(options({"mocker-probe", "escape"}));
  auto r = nlohmann::json::parse(stdout_of(c.id), nullptr, false);
  ASSERT_FALSE(r.is_discarded()) << stdout_of(c.id);
  std::set<std::string> tried;
  for (const auto& a : r["attempts"]) {
    tried.insert(a["attempt"].get<std::string>());
    EXPECT_FALSE(a["escaped"].get<bool>()) << a.dump();
  }
  for (const char* must : {"mount", "umount", "unshare mount namespace", "pivot_root", "write /proc/sysrq-trigger",
                           "mknod block device", "init_module", "finit_module", "read /proc/kcore"})
    EXPECT_TRUE(tried.count(must)) << "not attempted: " << must;
}

TEST_F(ContainerTest, CapAddAndDropChangeTheSet) {
  auto o = options({"mocker-probe"});
  o.cap_drop = {"ALL"};
  o.cap_add = {"NET_BIND_SERVICE"};
  auto c = run_to_end(o);
  auto r = nlohmann::json::parse(stdout_of(c.id), nullptr, false);
  ASSERT_FALSE(r.is_discarded());
  EXPECT_EQ(r["status"]["CapEff"], "0000000000000400");
}
