// One compose file per validation error; the sidecar .err holds the exact output.
#include "spec_test_util.hpp"

#include <fstream>
#include <sstream>

namespace mocker::orchestrator::spec {
namespace {

const std::string kDir = std::string(MOCKER_SPEC_FIXTURES) + "/invalid";

std::vector<std::string> invalid_fixtures() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(kDir))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml") out.push_back(entry.path().stem().string());
  std::sort(out.begin(), out.end());
  return out;
}

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class InvalidFixture : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidFixture, ReportsTheExpectedErrors) {
  const std::string name = GetParam();
  LoadOptions o;
  o.working_dir = kDir;
  o.files = {name + ".yaml"};
  o.environment = {{"HOME", "/home/tester"}};
  LoadResult r = load_project(o);
  EXPECT_FALSE(r.project);
  EXPECT_FALSE(r.errors.empty());
  std::string expected_file = kDir + "/" + name + ".err";
  ASSERT_TRUE(std::filesystem::exists(expected_file)) << "missing " << expected_file << "; got:\n"
                                                       << render(r.errors);
  EXPECT_EQ(render(r.errors), read(expected_file));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, InvalidFixture, ::testing::ValuesIn(invalid_fixtures()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (c == '-') c = '_';
                           return n;
                         });

TEST(InvalidFixture, EveryFixtureHasExpectations) {
  EXPECT_GE(invalid_fixtures().size(), 30u);
  for (const auto& name : invalid_fixtures()) EXPECT_TRUE(std::filesystem::exists(kDir + "/" + name + ".err")) << name;
}

}  // namespace
}  // namespace mocker::orchestrator::spec
