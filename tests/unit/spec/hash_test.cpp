// config_hash: changes exactly when a service's effective configuration changes.
#include "spec_test_util.hpp"

namespace mocker::orchestrator::spec {
namespace {

using testing::TempProject;

std::string hash_of(const std::string& web_body, const std::map<std::string, std::string>& env = {}) {
  TempProject p;
  p.write("compose.yaml", "name: h\nservices:\n  db: {image: db, profiles: [p]}\n  web:\n" + web_body);
  LoadOptions o = p.options();
  o.profiles = {"p"};
  for (const auto& [k, v] : env) o.environment[k] = v;
  LoadResult r = load_project(o);
  EXPECT_TRUE(r.project) << testing::errors_of(r);
  return r.project ? config_hash(r.project->services.at("web")) : std::string();
}

const char* kBase = "    image: nginx\n    ports: ['80:80']\n    environment: {A: '1'}\n";

TEST(ConfigHash, IsAStableSha256) {
  std::string h = hash_of(kBase);
  EXPECT_EQ(h.size(), 64u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(h, hash_of(kBase));
}

struct HashCase {
  const char* name;
  const char* body;
  bool changes;
};

class ConfigHashTest : public ::testing::TestWithParam<HashCase> {};

TEST_P(ConfigHashTest, ChangesOnlyWithTheEffectiveConfiguration) {
  const HashCase& c = GetParam();
  EXPECT_EQ(hash_of(c.body) != hash_of(kBase), c.changes);
}

INSTANTIATE_TEST_SUITE_P(Attributes, ConfigHashTest, ::testing::Values(
    HashCase{"image", "    image: nginx:2\n    ports: ['80:80']\n    environment: {A: '1'}\n", true},
    HashCase{"port", "    image: nginx\n    ports: ['81:80']\n    environment: {A: '1'}\n", true},
    HashCase{"environment", "    image: nginx\n    ports: ['80:80']\n    environment: {A: '2'}\n", true},
    HashCase{"long_syntax_is_the_same",
             "    image: nginx\n    ports: [{target: 80, published: 80}]\n    environment: [A=1]\n", false},
    HashCase{"key_order_is_irrelevant", "    environment: {A: '1'}\n    ports: ['80:80']\n    image: nginx\n", false},
    HashCase{"scale_excluded", "    image: nginx\n    ports: ['80:80']\n    environment: {A: '1'}\n    scale: 3\n", false},
    HashCase{"replicas_excluded",
             "    image: nginx\n    ports: ['80:80']\n    environment: {A: '1'}\n    deploy: {replicas: 3}\n", false},
    HashCase{"depends_on_excluded",
             "    image: nginx\n    ports: ['80:80']\n    environment: {A: '1'}\n    depends_on: [db]\n", false},
    HashCase{"profiles_excluded",
             "    image: nginx\n    ports: ['80:80']\n    environment: {A: '1'}\n    profiles: [p]\n", false},
    HashCase{"build_excluded", "    image: nginx\n    ports: ['80:80']\n    environment: {A: '1'}\n    build: .\n", false},
    HashCase{"pull_policy_excluded",
             "    image: nginx\n    ports: ['80:80']\n    environment: {A: '1'}\n    pull_policy: always\n", false},
    HashCase{"deploy_limits_count",
             "    image: nginx\n    ports: ['80:80']\n    environment: {A: '1'}\n    deploy: {resources: {limits: {memory: 1g}}}\n", true}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ConfigHash, FollowsInterpolatedValues) {
  const char* body = "    image: nginx:${TAG}\n";
  EXPECT_NE(hash_of(body, {{"TAG", "1"}}), hash_of(body, {{"TAG", "2"}}));
  EXPECT_EQ(hash_of(body, {{"TAG", "1"}}), hash_of("    image: nginx:1\n"));
}

}  // namespace
}  // namespace mocker::orchestrator::spec
