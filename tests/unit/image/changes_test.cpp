// import/init --change: Dockerfile instructions applied to an image config.
#include <mocker/image/config.hpp>

#include <gtest/gtest.h>

namespace img = mocker::engine::image;
using Strings = std::vector<std::string>;

namespace {

img::ImageConfig apply(const Strings& changes, img::ImageConfig base = {}) {
  auto c = img::apply_changes(std::move(base), changes);
  EXPECT_TRUE(c) << c.error().render();
  return c ? *c : img::ImageConfig{};
}

std::string error_of(const std::string& change) {
  auto c = img::apply_changes({}, {change});
  return c ? std::string("(no error)") : c.error().render();
}

struct CommandCase {
  const char* name;
  std::string change;
  Strings cmd, entrypoint;
};

class Command : public ::testing::TestWithParam<CommandCase> {};

TEST_P(Command, SetsTheCommand) {
  const auto& c = GetParam();
  auto config = apply({c.change});
  EXPECT_EQ(config.cmd, c.cmd);
  EXPECT_EQ(config.entrypoint, c.entrypoint);
}

INSTANTIATE_TEST_SUITE_P(
    Forms, Command,
    ::testing::Values(CommandCase{"cmd_json", R"(CMD ["/bin/echo", "hi there"])", {"/bin/echo", "hi there"}, {}},
                      CommandCase{"cmd_shell", "CMD echo hi && sleep 1", {"/bin/sh", "-c", "echo hi && sleep 1"}, {}},
                      CommandCase{"cmd_lowercase", "cmd [\"sh\"]", {"sh"}, {}},
                      CommandCase{"cmd_bad_json_is_shell", "CMD [oops", {"/bin/sh", "-c", "[oops"}, {}},
                      CommandCase{"entrypoint_json", R"(ENTRYPOINT ["/init", "-v"])", {}, {"/init", "-v"}},
                      CommandCase{"entrypoint_shell", "ENTRYPOINT exec top", {}, {"/bin/sh", "-c", "exec top"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Changes, EnvPairsQuotedAndLegacy) {
  auto c = apply({R"(ENV A=1 B="two words" C=x\ y)", "ENV D some value", "ENV A=3"});
  EXPECT_EQ(c.env, (Strings{"A=3", "B=two words", "C=x y", "D=some value"}));
}

TEST(Changes, LabelsWorkdirUserStopsignal) {
  auto c = apply({R"(LABEL version="1.0" team=web)", "WORKDIR /srv", "USER 1000:1000", "STOPSIGNAL SIGINT"});
  EXPECT_EQ(c.labels.at("version"), "1.0");
  EXPECT_EQ(c.labels.at("team"), "web");
  EXPECT_EQ(c.working_dir, "/srv");
  EXPECT_EQ(c.user, "1000:1000");
  EXPECT_EQ(c.stop_signal, "SIGINT");
}

TEST(Changes, ExposeDefaultsToTcpWithoutDuplicates) {
  auto c = apply({"EXPOSE 80 53/udp", "EXPOSE 80/tcp"});
  EXPECT_EQ(c.exposed_ports, (Strings{"80/tcp", "53/udp"}));
}

TEST(Changes, VolumeJsonAndPlain) {
  auto c = apply({R"(VOLUME ["/data"])", "VOLUME /logs /data"});
  EXPECT_EQ(c.volumes, (Strings{"/data", "/logs"}));
}

TEST(Changes, LaterChangesOverrideTheBase) {
  img::ImageConfig base;
  base.cmd = {"old"};
  base.env = {"PATH=/bin"};
  auto c = apply({"CMD [\"new\"]", "ENV PATH=/usr/bin:/bin"}, base);
  EXPECT_EQ(c.cmd, Strings{"new"});
  EXPECT_EQ(c.env, Strings{"PATH=/usr/bin:/bin"});
}

struct ErrorCase {
  const char* name;
  std::string change;
  std::string message;
};

class Errors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(Errors, NameTheProblem) {
  std::string text = error_of(GetParam().change);
  EXPECT_NE(text.find(GetParam().message), std::string::npos) << text;
}

INSTANTIATE_TEST_SUITE_P(
    Bad, Errors,
    ::testing::Values(ErrorCase{"unknown", "RUN make", "unsupported instruction RUN"},
                      ErrorCase{"no_argument", "CMD", "CMD needs an argument"},
                      ErrorCase{"empty", "  ", "empty instruction"},
                      ErrorCase{"relative_workdir", "WORKDIR srv", "absolute path"},
                      ErrorCase{"env_without_value", "ENV JUSTKEY", "expected KEY=VALUE"},
                      ErrorCase{"env_empty_key", "ENV =x", "expected KEY=VALUE"},
                      ErrorCase{"unterminated", "LABEL a=\"b", "unterminated quote"},
                      ErrorCase{"bad_port", "EXPOSE http", "expected PORT"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
