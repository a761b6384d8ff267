#include <mocker/init/user.hpp>

#include <gtest/gtest.h>

namespace init = mocker::engine::init;

namespace {

constexpr const char* kPasswd =
    "root:x:0:0:root:/root:/bin/sh\n"
    "# a comment\n"
    "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
    "app:x:1000:1000:app:/home/app:/bin/sh\n"
    "broken line\n"
    "nohome:x:1001:1001:::/bin/sh\n";
constexpr const char* kGroup =
    "root:x:0:\n"
    "app:x:1000:\n"
    "extra:x:2000:app,daemon\n"
    "more:x:2001:daemon,app\n"
    "other:x:3000:root\n";

struct Case {
  const char* user;
  uid_t uid;
  gid_t gid;
  std::vector<gid_t> groups;
  const char* home;
};

TEST(ResolveUser, FromPasswdAndGroup) {
  const Case cases[] = {
      {"", 0, 0, {3000}, "/root"},
      {"root", 0, 0, {3000}, "/root"},
      {"app", 1000, 1000, {2000, 2001}, "/home/app"},
      {"1000", 1000, 1000, {2000, 2001}, "/home/app"},
      {"app:extra", 1000, 2000, {}, "/home/app"},
      {"app:3000", 1000, 3000, {}, "/home/app"},
      {"4242", 4242, 0, {}, "/"},
      {"4242:4243", 4242, 4243, {}, "/"},
      {"nohome", 1001, 1001, {}, "/"},
      {"daemon:root", 1, 0, {}, "/usr/sbin"},
  };
  for (const auto& c : cases) {
    auto r = init::resolve_user(c.user, kPasswd, kGroup);
    ASSERT_TRUE(r) << c.user << ": " << r.error().render();
    EXPECT_EQ(r->uid, c.uid) << c.user;
    EXPECT_EQ(r->gid, c.gid) << c.user;
    EXPECT_EQ(r->groups, c.groups) << c.user;
    EXPECT_EQ(r->home, c.home) << c.user;
  }
}

TEST(ResolveUser, UnknownNamesFailWithTheName) {
  const std::pair<const char*, const char*> cases[] = {
      {"ghost", "resolve user ghost: no such user in /etc/passwd"},
      {"app:ghosts", "resolve group ghosts: no such group in /etc/group"},
      {"app:", "resolve user app:: empty group"},
      {":1", "resolve user :1: empty user name"},
  };
  for (const auto& [user, rendered] : cases) {
    auto r = init::resolve_user(user, kPasswd, kGroup);
    ASSERT_FALSE(r) << user;
    EXPECT_EQ(r.error().render(), rendered);
  }
}

TEST(ResolveUser, WithoutFilesOnlyNumbersWork) {
  auto r = init::resolve_user("", "", "");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->uid, 0u);
  EXPECT_EQ(r->home, "/");
  EXPECT_TRUE(init::resolve_user("5:6", "", ""));
  EXPECT_FALSE(init::resolve_user("root", "", ""));
}

}  // namespace
