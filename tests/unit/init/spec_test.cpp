#include <mocker/init/spec.hpp>

#include <gtest/gtest.h>

namespace init = mocker::engine::init;

namespace {

init::ContainerSpec full_spec() {
  init::ContainerSpec s;
  s.id = "web-1";
  s.rootfs = "/var/lib/mocker/containers/web-1/rootfs";
  s.state_dir = "/run/mocker/web-1";
  s.log_path = "/run/mocker/web-1/log.json";
  s.hostname = "web";
  s.domainname = "example";
  s.read_only_rootfs = true;
  s.mounts = {{"bind", "/srv", "/data", {"ro", "nosuid"}}, {"tmpfs", "", "/tmp", {"size=64m"}}};
  s.network = init::NetworkMode::join;
  s.netns_path = "/proc/77/ns/net";
  s.oom_counter_file = "/sys/fs/cgroup/memory/x/memory.oom_control";
  s.process.args = {"nginx", "-g", "daemon off;"};
  s.process.env = {"PATH=/usr/bin", "A=b=c"};
  s.process.cwd = "/srv";
  s.process.user = "www:www";
  s.process.tty = true;
  s.process.stdin_open = true;
  s.process.rlimits = {{"nofile", 1024, ~uint64_t{0}}};
  s.process.cap_add = {"NET_ADMIN"};
  s.process.cap_drop = {"MKNOD"};
  s.process.no_new_privileges = false;
  s.process.seccomp = false;
  s.init_path = "/usr/libexec/mocker/mocker-init";
  return s;
}

TEST(Spec, RoundTripsThroughJson) {
  auto s = full_spec();
  auto text = init::to_json_text(s);
  auto back = init::from_json_text<init::ContainerSpec>(text, "config");
  ASSERT_TRUE(back) << back.error().render();
  EXPECT_EQ(init::to_json_text(*back), text);
  EXPECT_EQ(back->process.rlimits[0].hard, ~uint64_t{0});
  EXPECT_EQ(back->network, init::NetworkMode::join);
  EXPECT_EQ(back->mounts[1].options, std::vector<std::string>{"size=64m"});
}

TEST(Spec, MissingFieldsTakeDefaults) {
  auto back = init::from_json_text<init::ContainerSpec>(R"({"id":"x","process":{"args":["sh"]}})", "config");
  ASSERT_TRUE(back) << back.error().render();
  EXPECT_EQ(back->network, init::NetworkMode::new_namespace);
  EXPECT_EQ(back->process.cwd, "/");
  EXPECT_TRUE(back->process.no_new_privileges);
  EXPECT_TRUE(back->process.seccomp);
}

TEST(Spec, MalformedInputIsAnErrorNotAThrow) {
  const char* cases[] = {"", "{", "[]", R"({"id": 5})", R"({"process":{"args":"sh"}})", R"({"network":7})"};
  for (const char* text : cases) {
    auto r = init::from_json_text<init::ContainerSpec>(text, "config");
    EXPECT_FALSE(r) << text;
    if (!r) {
      EXPECT_EQ(r.error().operation, "parse") << text;
    }
  }
}

TEST(Spec, ExecRequestRoundTrips) {
  init::ExecRequest r{1234, full_spec().process, {"/sys/fs/cgroup/pids/x/cgroup.procs"}};
  auto back = init::from_json_text<init::ExecRequest>(init::to_json_text(r), "exec");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->init_pid, 1234);
  EXPECT_EQ(back->cgroup_join_files, r.cgroup_join_files);
  EXPECT_EQ(back->process.user, "www:www");
}

}  // namespace
