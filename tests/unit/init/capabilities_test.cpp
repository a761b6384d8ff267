#include <mocker/init/capabilities.hpp>

#include <gtest/gtest.h>

#include <linux/capability.h>

namespace init = mocker::engine::init;

namespace {

init::CapSet bits(std::initializer_list<int> caps) {
  init::CapSet s = 0;
  for (int c : caps) s |= init::CapSet{1} << c;
  return s;
}

constexpr int kLast = 40;  // CAP_CHECKPOINT_RESTORE

TEST(Capabilities, DockersDefaultSet) {
  EXPECT_EQ(init::capability_names(init::default_capabilities()),
            "CAP_CHOWN,CAP_DAC_OVERRIDE,CAP_FOWNER,CAP_FSETID,CAP_KILL,CAP_SETGID,CAP_SETUID,CAP_SETPCAP,"
            "CAP_NET_BIND_SERVICE,CAP_NET_RAW,CAP_SYS_CHROOT,CAP_MKNOD,CAP_AUDIT_WRITE,CAP_SETFCAP");
}

struct Case {
  std::vector<std::string> add, drop;
  init::CapSet want;
};

TEST(Capabilities, AddAndDropFollowDockersRules) {
  init::CapSet all = (init::CapSet{1} << (kLast + 1)) - 1;
  init::CapSet def = init::default_capabilities();
  const Case cases[] = {
      {{}, {}, def},
      {{"NET_ADMIN"}, {}, def | bits({CAP_NET_ADMIN})},
      {{"cap_sys_ptrace"}, {"CAP_MKNOD", "kill"}, (def | bits({CAP_SYS_PTRACE})) & ~bits({CAP_MKNOD, CAP_KILL})},
      {{}, {"ALL"}, 0},
      {{"CHOWN"}, {"all"}, bits({CAP_CHOWN})},
      {{"ALL"}, {}, all},
      {{"ALL"}, {"SYS_ADMIN"}, all & ~bits({CAP_SYS_ADMIN})},
      {{"ALL"}, {"ALL"}, 0},
      {{"NET_RAW"}, {"NET_RAW"}, def},  // adds come last
  };
  for (const auto& c : cases) {
    auto set = init::capability_set(c.add, c.drop, kLast);
    ASSERT_TRUE(set) << set.error().render();
    EXPECT_EQ(init::capability_names(*set), init::capability_names(c.want));
  }
}

TEST(Capabilities, UnknownNamesAreErrors) {
  auto r = init::capability_set({"FLY"}, {}, kLast);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().render(), "capability FLY: unknown capability");
  EXPECT_FALSE(init::capability_set({}, {"CAP_"}, kLast));
}

TEST(Capabilities, NothingAboveTheKernelsLast) {
  auto r = init::capability_set({"CHECKPOINT_RESTORE"}, {}, 39);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().render(), "capability CHECKPOINT_RESTORE: not supported by the running kernel");
  auto all = init::capability_set({"ALL"}, {}, 39);
  ASSERT_TRUE(all);
  EXPECT_EQ(*all, (init::CapSet{1} << 40) - 1);
}

TEST(Capabilities, NumbersByName) {
  EXPECT_EQ(*init::capability_number("SYS_ADMIN"), CAP_SYS_ADMIN);
  EXPECT_EQ(*init::capability_number("cap_sys_admin"), CAP_SYS_ADMIN);
  EXPECT_EQ(*init::capability_number("Cap_Net_Raw"), CAP_NET_RAW);
  EXPECT_GE(init::last_capability(), CAP_AUDIT_READ);
}

}  // namespace
