#include <mocker/init/mount_options.hpp>

#include <gtest/gtest.h>

#include <sys/mount.h>

namespace init = mocker::engine::init;

namespace {

using Parameters = std::vector<std::pair<std::string, std::string>>;

struct Case {
  init::Mount mount;
  uint64_t attributes;
  bool recursive;
  Parameters parameters;
};

TEST(MountOptions, FlagsAndParameters) {
  const Case cases[] = {
      {{"bind", "/a", "/b", {}}, 0, true, {}},
      {{"bind", "/a", "/b", {"ro"}}, MOUNT_ATTR_RDONLY, true, {}},
      {{"bind", "/a", "/b", {"ro", "rw"}}, 0, true, {}},
      {{"bind", "/a", "/b", {"bind", "nosuid", "nodev", "noexec"}},
       MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC, false, {}},
      {{"bind", "/a", "/b", {"rbind", "rprivate", "z"}}, 0, true, {}},
      {{"tmpfs", "", "/t", {"size=64m", "mode=1777", "noexec"}},
       MOUNT_ATTR_NOEXEC, true, {{"size", "64m"}, {"mode", "1777"}}},
      {{"tmpfs", "", "/t", {"uid=1000", "gid=1000", "ro"}}, MOUNT_ATTR_RDONLY, true, {{"uid", "1000"}, {"gid", "1000"}}},
  };
  for (const auto& c : cases) {
    auto r = init::parse_mount_options(c.mount);
    ASSERT_TRUE(r) << r.error().render();
    EXPECT_EQ(r->attributes, c.attributes);
    EXPECT_EQ(r->recursive, c.recursive);
    EXPECT_EQ(r->parameters, c.parameters);
  }
}

TEST(MountOptions, UnknownOptionsAndTypesAreErrors) {
  const std::pair<init::Mount, const char*> cases[] = {
      {{"bind", "/a", "/b", {"size=1m"}}, "mount /b: unknown bind option \"size=1m\""},
      {{"tmpfs", "", "/t", {"bind"}}, "mount /t: unknown tmpfs option \"bind\""},
      {{"tmpfs", "", "/t", {"colour=blue"}}, "mount /t: unknown tmpfs option \"colour=blue\""},
      {{"overlay", "", "/t", {}}, "mount /t: unknown mount type \"overlay\""},
  };
  for (const auto& [mount, rendered] : cases) {
    auto r = init::parse_mount_options(mount);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().render(), rendered);
  }
}

}  // namespace
