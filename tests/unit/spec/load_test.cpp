// Discovery, project name rules, profiles and the environment.
#include "spec_test_util.hpp"

namespace mocker::orchestrator::spec {
namespace {

using testing::TempProject;

TEST(Discovery, FindsTheFileInAParentDirectoryWithItsOverride) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web: {image: base}\n");
  p.write("compose.override.yaml", "services:\n  web: {image: overridden}\n");
  p.write("deep/er/.keep", "");
  LoadOptions o = p.options();
  o.working_dir = p.root() + "/deep/er";
  LoadResult r = load_project(o);
  const Project& project = testing::project_of(r);
  EXPECT_EQ(project.working_dir, p.root());
  EXPECT_EQ(project.name, "proj");
  EXPECT_EQ(project.services.at("web").image, "overridden");
  EXPECT_EQ(r.files, (std::vector<std::string>{p.root() + "/compose.yaml", p.root() + "/compose.override.yaml"}));
}

TEST(Discovery, PrefersComposeYamlAndWarns) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web: {image: new}\n");
  p.write("docker-compose.yml", "services:\n  web: {image: old}\n");
  LoadResult r = p.load();
  EXPECT_EQ(testing::project_of(r).services.at("web").image, "new");
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("multiple config files"), std::string::npos);
}

TEST(Discovery, DockerComposeNamesAndTheirOverride) {
  TempProject p;
  p.write("docker-compose.yml", "services:\n  web: {image: a}\n");
  p.write("docker-compose.override.yml", "services:\n  web: {user: u}\n");
  const Project& project = testing::project_of(p.load());
  EXPECT_EQ(project.services.at("web").user, "u");
}

TEST(Discovery, NothingFoundIsAnError) {
  TempProject p;
  LoadResult r = p.load();
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message.find("no configuration file provided"), std::string::npos);
}

TEST(Discovery, ComposeFileVariableWithSeparator) {
  TempProject p;
  p.write("one.yaml", "services:\n  web: {image: one}\n");
  p.write("two.yaml", "services:\n  web: {user: two}\n");
  LoadOptions o = p.options();
  o.environment["COMPOSE_FILE"] = "one.yaml;two.yaml";
  o.environment["COMPOSE_PATH_SEPARATOR"] = ";";
  LoadResult r = load_project(o);
  const Service web = testing::project_of(r).services.at("web");
  EXPECT_EQ(web.image, "one");
  EXPECT_EQ(web.user, "two");
}

TEST(Discovery, ComposeFileFromDotEnv) {
  TempProject p;
  p.write("custom.yaml", "services:\n  web: {image: custom}\n");
  p.write(".env", "COMPOSE_FILE=custom.yaml\n");
  EXPECT_EQ(testing::project_of(p.load()).services.at("web").image, "custom");
}

TEST(Discovery, StdinAndProjectDirectory) {
  TempProject p;
  p.write("elsewhere/.env", "IMG=from-env\n");
  LoadOptions o = p.options({"-"});
  o.stdin_content = "services:\n  web:\n    image: ${IMG}\n    volumes: ['./d:/d']\n";
  o.project_directory = "elsewhere";
  const Project& project = testing::project_of(load_project(o));
  EXPECT_EQ(project.name, "elsewhere");
  EXPECT_EQ(project.services.at("web").image, "from-env");
  EXPECT_EQ(project.services.at("web").volumes[0].source, p.root() + "/elsewhere/d");
}

struct NameCase {
  const char* name;
  std::string flag;       // -p
  std::string env;        // COMPOSE_PROJECT_NAME
  std::string attribute;  // name: in the file
  std::string dir;        // project directory name
  std::string expected;   // empty: an error
};

class ProjectNameTest : public ::testing::TestWithParam<NameCase> {};

TEST_P(ProjectNameTest, FollowsPrecedenceAndRules) {
  const NameCase& c = GetParam();
  TempProject p;
  std::string file = c.dir + "/compose.yaml";
  p.write(file, (c.attribute.empty() ? std::string() : "name: \"" + c.attribute + "\"\n") +
                    "services:\n  web: {image: x}\n");
  LoadOptions o = p.options({file});
  o.project_name = c.flag;
  if (!c.env.empty()) o.environment["COMPOSE_PROJECT_NAME"] = c.env;
  LoadResult r = load_project(o);
  if (c.expected.empty()) {
    EXPECT_FALSE(r.project);
    ASSERT_FALSE(r.errors.empty());
    EXPECT_NE(r.errors[0].message.find("project name"), std::string::npos) << testing::errors_of(r);
  } else {
    EXPECT_EQ(testing::project_of(r).name, c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Rules, ProjectNameTest, ::testing::Values(
    NameCase{"flag_first", "flag", "env", "attr", "dir", "flag"},
    NameCase{"env_second", "", "env", "attr", "dir", "env"},
    NameCase{"attribute_third", "", "", "attr", "dir", "attr"},
    NameCase{"directory_last", "", "", "", "dir", "dir"},
    NameCase{"directory_normalised", "", "", "", "My.App_2", "myapp_2"},
    NameCase{"invalid_flag", "My App", "", "", "dir", ""},
    NameCase{"invalid_env", "", "UPPER", "", "dir", ""},
    NameCase{"invalid_attribute", "", "", "-bad", "dir", ""},
    NameCase{"directory_without_usable_characters", "", "", "", "...", ""}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ProjectName, AttributeIsInterpolated) {
  TempProject p;
  p.write("compose.yaml", "name: app-${SUFFIX}\nservices:\n  web: {image: x}\n");
  LoadOptions o = p.options();
  o.environment["SUFFIX"] = "dev";
  EXPECT_EQ(testing::project_of(load_project(o)).name, "app-dev");
}

const char* kProfiles = R"(services:
  web: {image: x}
  debug: {image: x, profiles: [debug]}
  tools: {image: x, profiles: [tools, debug]}
  other: {image: x, profiles: [other]}
)";

struct ProfileCase {
  const char* name;
  std::vector<std::string> flags;
  std::string env;
  std::vector<std::string> enabled;
};

class ProfilesTest : public ::testing::TestWithParam<ProfileCase> {};

TEST_P(ProfilesTest, SelectServices) {
  const ProfileCase& c = GetParam();
  TempProject p;
  p.write("compose.yaml", kProfiles);
  LoadOptions o = p.options();
  o.profiles = c.flags;
  if (!c.env.empty()) o.environment["COMPOSE_PROFILES"] = c.env;
  const Project& project = testing::project_of(load_project(o));
  std::vector<std::string> names;
  for (const auto& [name, _] : project.services) names.push_back(name);
  EXPECT_EQ(names, c.enabled);
  EXPECT_EQ(project.services.size() + project.disabled_services.size(), 4u);
}

INSTANTIATE_TEST_SUITE_P(Selection, ProfilesTest, ::testing::Values(
    ProfileCase{"none", {}, "", {"web"}},
    ProfileCase{"one_flag", {"debug"}, "", {"debug", "tools", "web"}},
    ProfileCase{"two_flags", {"tools", "other"}, "", {"other", "tools", "web"}},
    ProfileCase{"env", {}, "other, tools", {"other", "tools", "web"}},
    ProfileCase{"flag_beats_env", {"other"}, "debug", {"other", "web"}},
    ProfileCase{"all", {"*"}, "", {"debug", "other", "tools", "web"}}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Profiles, DependencyOnADisabledServiceIsAnError) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: x\n    depends_on: [db]\n  db: {image: x, profiles: [db]}\n");
  LoadResult r = p.load();
  EXPECT_EQ(testing::errors_of(r),
            "compose.yaml:4:18: services.web.depends_on.db: depends on service \"db\", which the active profiles "
            "disable\n");
}

TEST(Profiles, OptionalDependencyOnADisabledServiceIsDropped) {
  TempProject p;
  p.write("compose.yaml",
          "services:\n  web:\n    image: x\n    depends_on:\n      db: {condition: service_started, required: false}\n"
          "  db: {image: x, profiles: [db]}\n");
  LoadResult r = p.load();
  EXPECT_TRUE(testing::project_of(r).services.at("web").depends_on.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("optional dependency"), std::string::npos);
}

TEST(Environment, ShellOverridesDotEnvAndServiceEnvFilesAreNotUsed) {
  TempProject p;
  p.write(".env", "A=dotenv\nB=dotenv\n");
  p.write("svc.env", "C=svc\nA=svc\n");
  p.write("compose.yaml", R"(services:
  web:
    image: "${A}-${B}-${C:-unset}"
    env_file: svc.env
    environment:
      B: "$B"
      HOME:
      NOT_ANYWHERE:
)");
  LoadOptions o = p.options();
  o.environment["A"] = "shell";
  LoadResult r = load_project(o);
  const Service web = testing::project_of(r).services.at("web");
  EXPECT_EQ(web.image, "shell-dotenv-unset");
  EXPECT_EQ(web.environment.at("A"), "svc");   // from env_file
  EXPECT_EQ(web.environment.at("B"), "dotenv");
  EXPECT_EQ(web.environment.at("C"), "svc");
  EXPECT_EQ(web.environment.at("HOME"), "/home/tester");  // bare key: from the shell
  EXPECT_EQ(web.environment.at("NOT_ANYWHERE"), std::nullopt);
  EXPECT_EQ(r.environment.at("A"), "shell");
  EXPECT_EQ(r.environment.at("B"), "dotenv");
}

TEST(Environment, EnvFileFlagReplacesDotEnvAndLaterFilesWin) {
  TempProject p;
  p.write(".env", "A=dotenv\n");
  p.write("one.env", "A=one\nB=one\n");
  p.write("two.env", "B=two-$A\n");
  p.write("compose.yaml", "services:\n  web: {image: \"${A}/${B}\"}\n");
  LoadOptions o = p.options();
  o.env_files = {"one.env", "two.env"};
  EXPECT_EQ(testing::project_of(load_project(o)).services.at("web").image, "one/two-one");
}

TEST(Environment, UnsetVariablesWarnOnce) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web: {image: \"x${NOPE}\", user: \"${NOPE}\"}\n");
  LoadResult r = p.load();
  EXPECT_EQ(testing::project_of(r).services.at("web").image, "x");
  EXPECT_EQ(r.warnings, (std::vector<std::string>{"The \"NOPE\" variable is not set. Defaulting to a blank string."}));
  ASSERT_TRUE(r.variables.count("NOPE"));
}

TEST(Environment, KeysAreNeverInterpolated) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: x\n    labels:\n      ${K}: b\n");
  LoadOptions o = p.options();
  o.environment["K"] = "interpolated";
  const Service web = testing::project_of(load_project(o)).services.at("web");
  EXPECT_TRUE(web.labels.count("${K}"));
}

TEST(Input, ControlCharactersAndInvalidUtf8AreErrorsWithPositions) {
  TempProject p;
  LoadOptions o = p.options({"-"});
  o.stdin_content = std::string("services:\n  w: {image: \"a\x01" "b\"}\n");
  EXPECT_EQ(testing::errors_of(load_project(o)), "-:2:16: invalid text: control character 0x01\n");
  o.stdin_content = std::string("services:\n  w: {image: \"\xc3\x28\"}\n");
  EXPECT_EQ(testing::errors_of(load_project(o)), "-:2:15: invalid text: byte that is not valid UTF-8 0xc3\n");
  o.stdin_content = std::string("services:\n  w: {image: \"caf\xc3\xa9\t\"}\n");
  EXPECT_TRUE(load_project(o).ok());
}

TEST(Environment, NoInterpolateKeepsTheTemplates) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: \"${IMG:-x}\"\n    ports: [\"${PORT}:80\"]\n");
  LoadOptions o = p.options();
  o.interpolate = false;
  LoadResult r = load_project(o);
  EXPECT_TRUE(r.ok()) << testing::errors_of(r);
  EXPECT_FALSE(r.project);
  EXPECT_EQ(r.document["services"]["web"]["image"], "${IMG:-x}");
  EXPECT_EQ(r.document["services"]["web"]["ports"][0], "${PORT}:80");
  EXPECT_TRUE(r.variables.count("PORT"));
}

}  // namespace
}  // namespace mocker::orchestrator::spec
