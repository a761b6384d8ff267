// The mocker CLI's command line as docker users type it: options before the
// image, unknown options named, docker's flags, --format, --filter, top.
#include "cli_fixture.hpp"

#include <nlohmann/json.hpp>

#include <sstream>

using mocker::test::CliTest;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_F(CliTest, UnknownFlagIsAUsageErrorThatNamesIt) {
  auto run = cli("run --bogus busybox true");
  EXPECT_EQ(run.status, 125) << run.output;
  EXPECT_EQ(run.output, "mocker: run: unknown flag: --bogus\nSee 'mocker run --help'.\n");
  auto create = cli("create --name x --sysctl a=b busybox true");
  EXPECT_EQ(create.status, 125) << create.output;
  EXPECT_TRUE(has(create.output, "unknown flag: --sysctl")) << create.output;
  auto shorthand = cli("run -iz busybox true");
  EXPECT_EQ(shorthand.status, 125) << shorthand.output;
  EXPECT_TRUE(has(shorthand.output, "unknown shorthand flag: 'z' in -iz")) << shorthand.output;
  auto exec = cli("exec --bogus nothing true");
  EXPECT_EQ(exec.status, 125) << exec.output;
  EXPECT_TRUE(has(exec.output, "mocker: exec: unknown flag: --bogus")) << exec.output;
  expect_no_containers();
}

TEST_F(CliTest, OptionsBeforeTheImageTheRestIsTheCommand) {
  // --restart takes a value: "always" is not the image.
  auto r = cli("run --restart always --name r busybox true");
  EXPECT_EQ(r.status, 0) << r.output;
  auto policy = cli("inspect -f '{{.Config.Image}} {{.HostConfig.RestartPolicy.Name}} {{.State.Status}}' r");
  EXPECT_EQ(policy.output, "busybox always exited\n");
  // After the image, options belong to the command; `--` before it ends ours.
  auto echoed = cli("run --rm -- busybox echo --bogus -d");
  EXPECT_EQ(echoed.status, 0) << echoed.output;
  EXPECT_EQ(echoed.output, "--bogus -d\n");
  auto failure = cli("create --restart on-failure:3 --name f busybox true");
  EXPECT_EQ(failure.status, 0) << failure.output;
  EXPECT_EQ(cli("inspect -f '{{.HostConfig.RestartPolicy.MaximumRetryCount}}' f").output, "3\n");
  auto conflict = cli("run --rm --restart always busybox true");
  EXPECT_EQ(conflict.status, 125) << conflict.output;
  EXPECT_TRUE(has(conflict.output, "conflicting options: --restart and --rm")) << conflict.output;
  auto bad = cli("create --restart sometimes busybox true");
  EXPECT_EQ(bad.status, 125) << bad.output;
  EXPECT_EQ(cli("rm r f").status, 0);
  expect_no_containers();
}

TEST_F(CliTest, DockerRunFlagsAreTakenOrRefusedClearly) {
  auto health = cli("create --name h --init --stop-signal SIGINT --stop-timeout 3 --health-cmd 'true' "
                    "--health-interval 2s --health-retries 2 --platform linux/amd64 busybox sleep 1");
  ASSERT_EQ(health.status, 0) << health.output;
  auto labels = cli("inspect -f '{{index .Config.Labels \"io.mocker.compose.healthcheck\"}}' h");
  auto check = nlohmann::json::parse(labels.output, nullptr, false);
  ASSERT_TRUE(check.is_object()) << labels.output;
  EXPECT_EQ(check["test"], nlohmann::json::array({"CMD-SHELL", "true"}));
  EXPECT_EQ(check["retries"], 2);
  EXPECT_EQ(cli("inspect -f '{{.Config.StopSignal}} {{.Config.StopTimeout}}' h").output, "SIGINT 3\n");
  auto alone = cli("create --health-interval 2s busybox true");
  EXPECT_EQ(alone.status, 125) << alone.output;
  auto platform = cli("run --rm --platform linux/s390x busybox true");
  EXPECT_EQ(platform.status, 125) << platform.output;
  EXPECT_TRUE(has(platform.output, "only the host's platform")) << platform.output;
  EXPECT_EQ(cli("rm h").status, 0);
  expect_no_containers();
}

TEST_F(CliTest, FormatsAndFiltersAsDockerPrintsThem) {
  ASSERT_EQ(cli("run -d --name up -l tier=front busybox sleep 100").status, 0);
  ASSERT_EQ(cli("run --name done busybox sh -c 'exit 2'").status, 2);
  // JSON: one object per line, docker's field names.
  auto json_lines = cli("ps -a --format json");
  ASSERT_EQ(json_lines.status, 0) << json_lines.output;
  std::istringstream lines(json_lines.output);
  std::vector<std::string> names;
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_TRUE(j.is_object()) << line;
    names.push_back(j["Names"]);
  }
  EXPECT_EQ(names.size(), 2u) << json_lines.output;
  EXPECT_EQ(cli("ps -a --filter status=exited --format '{{.Names}} {{.State}}'").output, "done exited\n");
  EXPECT_EQ(cli("ps --filter label=tier=front --format '{{.Names}}'").output, "up\n");
  EXPECT_EQ(cli("ps -a --filter name=^do --format '{{.Names}}'").output, "done\n");
  EXPECT_EQ(cli("ps -a --filter ancestor=busybox:latest -q").output.size(), 2 * 13u);
  EXPECT_EQ(cli("ps -a --filter ancestor=alpine -q").output, "");
  EXPECT_EQ(cli("ps --format '{{.Label \"tier\"}}'").output, "front\n");
  auto table = cli("ps --format 'table {{.Names}}\\t{{.State}}'");
  EXPECT_EQ(table.output, "NAMES   STATE\nup      running\n");
  auto unknown = cli("ps --filter colour=red");
  EXPECT_EQ(unknown.status, 1);
  EXPECT_TRUE(has(unknown.output, "colour")) << unknown.output;
  auto bad_field = cli("ps --format '{{.Nope}}'");
  EXPECT_EQ(bad_field.status, 1);
  EXPECT_TRUE(has(bad_field.output, "Nope")) << bad_field.output;
  EXPECT_EQ(cli("images --format '{{.Repository}}:{{.Tag}}'").output, "busybox:latest\n");
  EXPECT_EQ(cli("images --filter reference=busy* --format '{{.Repository}}'").output, "busybox\n");
  EXPECT_EQ(cli("images --filter dangling=true -q").output, "");
  EXPECT_EQ(cli("inspect -f '{{.State.Status}} {{.State.ExitCode}}' done").output, "exited 2\n");
  auto config = nlohmann::json::parse(cli("inspect -f '{{json .Config}}' up").output, nullptr, false);
  EXPECT_EQ(config["Labels"]["tier"], "front") << config.dump();
  EXPECT_EQ(cli("rm -f up done").status, 0);
  expect_no_containers();
}

TEST_F(CliTest, TopShowsInitByItsShortName) {
  ASSERT_EQ(cli("run -d --name t busybox sleep 100").status, 0);
  auto top = cli("top t");
  ASSERT_EQ(top.status, 0) << top.output;
  EXPECT_FALSE(has(top.output, "/mocker-init")) << top.output;
  EXPECT_TRUE(has(top.output, "   mocker-init")) << top.output;
  EXPECT_TRUE(has(top.output, "sleep 100")) << top.output;
  EXPECT_EQ(cli("rm -f t").status, 0);
  expect_no_containers();
}

TEST_F(CliTest, VersionAndMissingImageAdvice) {
  auto version = cli("--version");
  EXPECT_EQ(version.status, 0);
  EXPECT_TRUE(version.output.starts_with("mocker version ")) << version.output;
  EXPECT_TRUE(has(cli("version").output, "Version:")) << cli("version").output;
  for (const char* helper : {"mocker-init", "mocker-dns", "mocker-supervisor", "mocker-compose"}) {
    auto out = mocker::test::run(std::string(MOCKER_BIN_DIR) + "/" + helper + " --version");
    EXPECT_EQ(out.status, 0) << helper;
    EXPECT_TRUE(out.output.starts_with(std::string(helper) + " version ")) << out.output;
  }
  auto missing = cli("run --rm nosuch:image true");
  EXPECT_EQ(missing.status, 125);
  EXPECT_TRUE(has(missing.output, "mocker import")) << missing.output;
  EXPECT_TRUE(has(missing.output, "mocker init")) << missing.output;
}
