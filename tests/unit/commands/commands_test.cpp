// cp's operands and the prune rules, without an engine.
#include "copy_args.hpp"
#include "prune_rules.hpp"

#include <gtest/gtest.h>

namespace cli = mocker::cli;

namespace {

struct OperandCase {
  const char* name;
  const char* arg;
  const char* container;
  const char* path;
};

class Operand : public ::testing::TestWithParam<OperandCase> {};

TEST_P(Operand, Splits) {
  auto o = cli::parse_copy_operand(GetParam().arg);
  EXPECT_EQ(o.container, GetParam().container);
  EXPECT_EQ(o.path, GetParam().path);
}

INSTANTIATE_TEST_SUITE_P(Docker, Operand,
                         ::testing::Values(OperandCase{"container_abs", "web:/etc/hosts", "web", "/etc/hosts"},
                                           OperandCase{"container_root", "web:", "web", "/"},
                                           OperandCase{"container_rel", "web:rel/path", "web", "rel/path"},
                                           OperandCase{"host_abs_colon", "/host/a:b", "", "/host/a:b"},
                                           OperandCase{"host_dot_colon", "./a:b", "", "./a:b"},
                                           OperandCase{"slash_before_colon", "dir/a:b", "", "dir/a:b"},
                                           OperandCase{"stream", "-", "", "-"},
                                           OperandCase{"empty_container", ":x", "", ":x"},
                                           OperandCase{"plain", "file.txt", "", "file.txt"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Prune, UnusedAndUntaggedUnlessAll) {
  std::vector<cli::PruneCandidate> c = {
      {"dangling", false, false}, {"tagged", false, true}, {"used", true, false}, {"used-tagged", true, true}};
  EXPECT_EQ(cli::select_unused(c, false), std::vector<std::string>{"dangling"});
  EXPECT_EQ(cli::select_unused(c, true), (std::vector<std::string>{"dangling", "tagged"}));
}

TEST(Prune, AnonymousVolumes) {
  EXPECT_TRUE(cli::anonymous_volume({{"com.docker.volume.anonymous", ""}}));
  EXPECT_TRUE(cli::anonymous_volume({{"io.mocker.compose.project", "p"}}));
  EXPECT_TRUE(cli::anonymous_volume({{"io.mocker.compose.project", "p"}, {"io.mocker.compose.volume", ""}}));
  EXPECT_FALSE(cli::anonymous_volume({{"io.mocker.compose.project", "p"}, {"io.mocker.compose.volume", "data"}}));
  EXPECT_FALSE(cli::anonymous_volume({}));
  EXPECT_FALSE(cli::anonymous_volume({{"team", "web"}}));
}

TEST(Prune, PredefinedNetworksStay) {
  EXPECT_TRUE(cli::predefined_network("bridge"));
  EXPECT_TRUE(cli::predefined_network("none"));
  EXPECT_FALSE(cli::predefined_network("spare"));
}

}  // namespace
