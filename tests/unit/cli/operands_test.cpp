#include <mocker/cli/commands_dump.hpp>
#include <mocker/cli/operands.hpp>

#include <gtest/gtest.h>

using namespace mocker::cli;

namespace {

// A command line like mocker's: global --root, `run` with flags, an image and
// the command after it, `network create` without operand rules.
struct Cli {
  CLI::App app{"test"};
  std::string root, restart, name, image, env;
  bool detach = false, interactive = false, tty = false;
  CLI::App* run = nullptr;

  Cli() {
    app.add_option("--root", root);
    run = app.add_subcommand("run");
    run->add_flag("-d,--detach", detach);
    run->add_flag("-i", interactive);
    run->add_flag("-t", tty);
    run->add_option("--restart", restart);
    run->add_option("--name", name);
    run->add_option("-e,--env", env);
    run->add_option("IMAGE", image)->required();
    run->prefix_command();
    auto* net = app.add_subcommand("network")->add_subcommand("create");
    net->add_option("NAME");
  }
};

struct Case {
  std::vector<std::string> args;
  std::vector<std::string> after;  // args as CLI11 should see them
  std::string error;               // "" when accepted
};

TEST(Operands, OptionsEndAtTheOperandAndUnknownOnesAreErrors) {
  const Case cases[] = {
      {{"run", "--restart", "always", "busybox", "true"}, {"run", "--restart", "always", "busybox", "true"}, ""},
      {{"run", "--restart=always", "busybox"}, {"run", "--restart=always", "busybox"}, ""},
      {{"run", "-it", "busybox", "sh"}, {"run", "-it", "busybox", "sh"}, ""},
      {{"run", "-eA=1", "-d", "busybox"}, {"run", "-eA=1", "-d", "busybox"}, ""},
      {{"run", "busybox", "--bogus"}, {"run", "busybox", "--bogus"}, ""},
      {{"run", "--", "busybox", "--", "x"}, {"run", "busybox", "--", "x"}, ""},
      {{"--root", "/r", "run", "busybox"}, {"--root", "/r", "run", "busybox"}, ""},
      {{"run", "--bogus", "busybox"}, {}, "unknown flag: --bogus"},
      {{"run", "--bogus=1", "busybox"}, {}, "unknown flag: --bogus"},
      {{"run", "-ix", "busybox"}, {}, "unknown shorthand flag: 'x' in -ix"},
      {{"run", "--name", "n", "--sysctl", "a=b", "busybox"}, {}, "unknown flag: --sysctl"},
      {{"network", "create", "--bogus", "x"}, {"network", "create", "--bogus", "x"}, ""},  // CLI11 reports it
  };
  for (const auto& c : cases) {
    Cli cli;
    auto args = c.args;
    auto error = check_operand_commands(cli.app, args);
    if (c.error.empty()) {
      EXPECT_FALSE(error) << c.args[1] << ": " << error->message;
      EXPECT_EQ(args, c.after);
    } else {
      ASSERT_TRUE(error) << c.error;
      EXPECT_EQ(error->message, c.error);
      EXPECT_EQ(error->command, "run");
    }
  }
}

TEST(Operands, ParsedThroughCli11TheCommandKeepsItsFlags) {
  Cli cli;
  std::vector<std::string> args{"run", "--restart", "always", "-d", "busybox", "sh", "-c", "exit 3"};
  ASSERT_FALSE(check_operand_commands(cli.app, args));
  EXPECT_EQ(selected_command(cli.app, args), "run");
  std::reverse(args.begin(), args.end());
  cli.app.parse(args);
  EXPECT_EQ(cli.image, "busybox");
  EXPECT_EQ(cli.restart, "always");
  EXPECT_TRUE(cli.detach);
  EXPECT_EQ(cli.run->remaining(), (std::vector<std::string>{"sh", "-c", "exit 3"}));
}

TEST(Operands, SelectedCommandAndDump) {
  Cli cli;
  EXPECT_EQ(selected_command(cli.app, {"--root", "x", "network", "create", "n"}), "network create");
  std::string dump = dump_commands(cli.app);
  EXPECT_NE(dump.find("run --restart\n"), std::string::npos) << dump;
  EXPECT_NE(dump.find("run -d,--detach\n"), std::string::npos) << dump;
  EXPECT_EQ(dump.find("--help"), std::string::npos) << dump;
  EXPECT_NE(dump.find("network create\n"), std::string::npos) << dump;
  EXPECT_NE(dump.find("--root\n"), std::string::npos) << dump;
}

}  // namespace
