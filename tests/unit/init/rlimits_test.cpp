#include <mocker/init/rlimits.hpp>

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>
#include <sys/syscall.h>

namespace init = mocker::engine::init;

namespace {

TEST(Rlimits, NamesInAnyCase) {
  const std::pair<const char*, int> cases[] = {{"nofile", RLIMIT_NOFILE}, {"NOFILE", RLIMIT_NOFILE},
                                               {"RLIMIT_NPROC", RLIMIT_NPROC}, {"core", RLIMIT_CORE},
                                               {"memlock", RLIMIT_MEMLOCK}, {"rttime", RLIMIT_RTTIME}};
  for (const auto& [name, resource] : cases) {
    auto r = init::rlimit_resource(name);
    ASSERT_TRUE(r) << name;
    EXPECT_EQ(*r, resource) << name;
  }
  auto bad = init::rlimit_resource("files");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().render(), "rlimit files: unknown resource limit");
}

TEST(Rlimits, SoftMayNotExceedHard) {
  EXPECT_TRUE(init::validate_rlimit({"nofile", 10, 10}));
  EXPECT_TRUE(init::validate_rlimit({"nofile", 10, ~uint64_t{0}}));
  auto r = init::validate_rlimit({"nofile", 11, 10});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().render(), "rlimit nofile: soft limit 11 above hard limit 10");
  auto u = init::validate_rlimit({"core", ~uint64_t{0}, 5});
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().render(), "rlimit core: soft limit unlimited above hard limit 5");
}

bool has_sys_resource() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[2]{};
  if (::syscall(SYS_capget, &header, data) != 0) return false;
  return data[CAP_SYS_RESOURCE / 32].effective & (1u << (CAP_SYS_RESOURCE % 32));
}

// Runs f in a child (limits stick to a process); the child's exit code is f's result.
int in_child(int (*f)()) {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(f());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

TEST(Rlimits, LoweringApplies) {
  EXPECT_EQ(in_child([] {
              if (!init::apply_rlimits({{"nofile", 100, 200}})) return 1;
              struct rlimit r {};
              ::getrlimit(RLIMIT_NOFILE, &r);
              return r.rlim_cur == 100 && r.rlim_max == 200 ? 0 : 2;
            }),
            0);
}

TEST(Rlimits, RaisingAboveTheHardLimitSaysWhy) {
  if (has_sys_resource()) GTEST_SKIP() << "this process may raise hard limits (CAP_SYS_RESOURCE)";
  struct rlimit now {};
  ::getrlimit(RLIMIT_NOFILE, &now);
  if (now.rlim_max == RLIM_INFINITY) GTEST_SKIP() << "no hard limit on open files to go above";
  EXPECT_EQ(in_child([] {
              struct rlimit cur {};
              ::getrlimit(RLIMIT_NOFILE, &cur);
              auto st = init::apply_rlimits({{"nofile", 1, cur.rlim_max + 1}});
              if (st) return 1;
              std::string want = "setrlimit nofile: hard limit " + std::to_string(cur.rlim_max + 1) +
                                 " is above the current hard limit " + std::to_string(cur.rlim_max) +
                                 " (raising it needs CAP_SYS_RESOURCE): Operation not permitted";
              return st.error().render() == want ? 0 : 2;
            }),
            0);
}

}  // namespace
