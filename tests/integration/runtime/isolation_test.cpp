// What a process sees from inside a container started by the runtime.
#include "fixture.hpp"

#include <mocker/init/capabilities.hpp>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mocker::test {
namespace {

namespace init = mocker::engine::init;

std::string hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
  return buf;
}

std::string mount_point(const std::string& mountinfo_line) {
  std::istringstream ss(mountinfo_line);
  std::string id, parent, dev, root, point;
  ss >> id >> parent >> dev >> root >> point;
  return point;
}

bool allowed_mount_point(const std::string& p) {
  for (const char* prefix : {"/proc", "/dev", "/sys"})
    if (p == prefix || p.starts_with(std::string(prefix) + "/")) return true;
  return p == "/";
}

class Isolation : public RuntimeTest {};

TEST_F(Isolation, ProbeSeesOnlyItsContainer) {
  auto f = run(spec({"/bin/mocker-probe"}));
  ASSERT_EQ(f.status, 0) << f.stderr_text();
  auto r = parse_json(f.stdout_text());
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r["ppid"], 1) << "the probe's parent is the container's init";
  EXPECT_EQ(r["pids"], nlohmann::json::array({1, r["pid"].get<int>()})) << "no host pids";
  EXPECT_EQ(r["hostname"], "box");
  for (const auto& line : r["mountinfo"]) {
    std::string p = mount_point(line.get<std::string>());
    EXPECT_TRUE(allowed_mount_point(p)) << "unexpected mount " << line;
    EXPECT_EQ(p.find(root_dir()), std::string::npos) << line;
  }
  EXPECT_TRUE(r["sys_read_only"].get<bool>());
  EXPECT_FALSE(r["root_read_only"].get<bool>());
  std::string caps = hex(init::default_capabilities());
  EXPECT_EQ(r["status"]["CapEff"], caps);
  EXPECT_EQ(r["status"]["CapPrm"], caps);
  EXPECT_EQ(r["status"]["CapBnd"], caps);
  EXPECT_EQ(r["status"]["CapInh"], hex(0));
  EXPECT_EQ(r["status"]["CapAmb"], hex(0));
  EXPECT_EQ(r["status"]["NoNewPrivs"], "1");
  EXPECT_EQ(r["status"]["Seccomp"], "2") << "filter mode";
  for (const auto& line : r["cgroup"]) EXPECT_TRUE(line.get<std::string>().ends_with(":/")) << line;
  EXPECT_EQ(r["interfaces"], nlohmann::json::parse(R"([{"name":"lo","up":true}])"));
  EXPECT_EQ(r["uid"], 0);
  EXPECT_EQ(r["cwd"], "/");
}

TEST_F(Isolation, EveryEscapeAttemptFails) {
  auto f = run(spec({"/bin/mocker-probe", "escape"}));
  ASSERT_EQ(f.status, 0) << f.stderr_text();
  auto r = parse_json(f.stdout_text());
  ASSERT_TRUE(r.contains("attempts"));
  EXPECT_GE(r["attempts"].size(), 10u);
  for (const auto& a : r["attempts"]) EXPECT_FALSE(a["escaped"].get<bool>()) << a.dump();
  for (const auto& a : r["attempts"]) {
    std::string name = a["attempt"];
    if (name == "mount" || name == "unshare mount namespace" || name == "mknod block device" ||
        name == "init_module" || name == "pivot_root") {
      EXPECT_EQ(a["result"], "Operation not permitted") << name;
    }
    if (name == "write /proc/sysrq-trigger" && std::filesystem::exists("/proc/sysrq-trigger")) {
      EXPECT_EQ(a["result"], "Read-only file system");
    }
  }
}

TEST_F(Isolation, UserFromTheContainersPasswd) {
  auto s = spec({"/bin/mocker-probe"});
  s.process.user = "app";
  auto f = run(s);
  ASSERT_EQ(f.status, 0) << f.stderr_text();
  auto r = parse_json(f.stdout_text());
  EXPECT_EQ(r["uid"], 1000);
  EXPECT_EQ(r["gid"], 1000);
  EXPECT_EQ(r["groups"], nlohmann::json::array({2000}));
  EXPECT_NE(std::find(r["env"].begin(), r["env"].end(), "HOME=/home/app"), r["env"].end()) << r["env"];
  EXPECT_EQ(r["status"]["CapEff"], hex(0)) << "a non-root user holds no capabilities";
  EXPECT_EQ(r["status"]["CapBnd"], hex(init::default_capabilities()));
}

TEST_F(Isolation, CapabilityChangesAndRlimits) {
  auto s = spec({"/bin/mocker-probe"});
  s.process.cap_drop = {"ALL"};
  s.process.cap_add = {"kill", "CAP_NET_ADMIN"};
  s.process.rlimits = {{"nofile", 512, 1024}};
  auto f = run(s);
  ASSERT_EQ(f.status, 0) << f.stderr_text();
  auto r = parse_json(f.stdout_text());
  auto want = (uint64_t{1} << 5) | (uint64_t{1} << 12);  // CAP_KILL, CAP_NET_ADMIN
  EXPECT_EQ(r["status"]["CapEff"], hex(want));
  EXPECT_EQ(r["status"]["CapBnd"], hex(want));
  EXPECT_EQ(r["rlimits"]["nofile"], nlohmann::json::array({512, 1024}));
}

TEST_F(Isolation, ReadOnlyRootfsWithWritableVolumes) {
  std::string data = root_dir() + "/data";
  std::filesystem::create_directories(data);
  std::ofstream(data + "/hello") << "hi\n";
  auto s = spec({"/bin/sh", "-c",
                 "cat /data/hello; touch /x 2>/dev/null && echo root-writable;"
                 "touch /data/y 2>/dev/null && echo data-writable;"
                 "touch /scratch/z && echo scratch-writable"});
  s.read_only_rootfs = true;
  s.mounts = {{"bind", data, "/data", {"ro"}}, {"tmpfs", "", "/scratch", {"size=1m", "mode=1777"}}};
  auto f = run(s);
  EXPECT_EQ(f.status, 0) << f.stderr_text();
  EXPECT_EQ(f.stdout_text(), "hi\nscratch-writable\n");
}

TEST_F(Isolation, NewDirectoriesForVolumesStayInsideTheRootfs) {
  // /escape is a symlink pointing out of the rootfs; the mount must land inside.
  std::filesystem::create_symlink("/tmp/mocker-outside-" + std::to_string(::getpid()), rootfs_ + "/escape");
  std::string data = root_dir() + "/data";
  std::filesystem::create_directories(data);
  auto s = spec({"/bin/sh", "-c", "ls -d /escape/vol"});
  s.mounts = {{"bind", data, "/escape/vol", {}}};
  auto f = run(s);
  EXPECT_EQ(f.status, 0) << f.stderr_text();
  EXPECT_FALSE(std::filesystem::exists("/tmp/mocker-outside-" + std::to_string(::getpid())));
  EXPECT_TRUE(std::filesystem::is_directory(rootfs_ + "/tmp/mocker-outside-" + std::to_string(::getpid()) + "/vol"));
}

}  // namespace
}  // namespace mocker::test
