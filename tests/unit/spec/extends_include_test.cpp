#include "spec_test_util.hpp"

namespace mocker::orchestrator::spec {
namespace {

using testing::TempProject;

TEST(Extends, SameFileOverridesByMergeRules) {
  TempProject p;
  p.write("compose.yaml", R"(services:
  base:
    image: busybox
    environment: {A: "1", B: "2"}
    command: [sleep, "1"]
    ports: ["80:80"]
  web:
    extends: base
    environment: {B: "3"}
    command: [sleep, "2"]
    ports: ["81:81"]
)");
  const Project& project = testing::project_of(p.load());
  const Service& web = project.services.at("web");
  EXPECT_EQ(web.image, "busybox");
  EXPECT_EQ(web.environment.at("A"), "1");
  EXPECT_EQ(web.environment.at("B"), "3");
  EXPECT_EQ(web.command, (std::vector<std::string>{"sleep", "2"}));
  EXPECT_EQ(web.ports.size(), 2u);
}

TEST(Extends, ChainsResolveInOrder) {
  TempProject p;
  p.write("compose.yaml", R"(services:
  a: {image: one, user: a, working_dir: /a}
  b: {extends: {service: a}, user: b}
  c: {extends: b, working_dir: /c}
)");
  const Project& project = testing::project_of(p.load());
  const Service& c = project.services.at("c");
  EXPECT_EQ(c.image, "one");
  EXPECT_EQ(c.user, "b");
  EXPECT_EQ(c.working_dir, "/c");
}

TEST(Extends, ChainsResolveWhateverTheOrderOfDefinition) {
  TempProject p;
  p.write("compose.yaml", R"(services:
  c: {extends: b, user: c}
  b: {extends: a, working_dir: /b}
  a: {image: one}
)");
  const Project project = testing::project_of(p.load());
  EXPECT_EQ(project.services.at("c").image, "one");
  EXPECT_EQ(project.services.at("c").working_dir, "/b");
  EXPECT_EQ(project.services.at("b").image, "one");
  EXPECT_EQ(project.services.at("b").user, "");
}

TEST(Extends, OtherFileResolvesPathsAgainstThatFile) {
  TempProject p;
  p.write("common/base.yaml", R"(services:
  tmpl:
    image: busybox
    volumes: ["./data:/data"]
    env_file: ./base.env
  deeper:
    extends: {file: ../common/base.yaml, service: tmpl}
)");
  p.write("common/base.env", "FROM_FILE=yes\n");
  p.write("compose.yaml", R"(services:
  web:
    extends: {file: common/base.yaml, service: deeper}
    volumes: ["./mine:/mine"]
)");
  const Project& project = testing::project_of(p.load());
  const Service& web = project.services.at("web");
  ASSERT_EQ(web.volumes.size(), 2u);
  EXPECT_EQ(web.volumes[0].source, p.root() + "/common/data");
  EXPECT_EQ(web.volumes[1].source, p.root() + "/mine");
  ASSERT_EQ(web.env_file.size(), 1u);
  EXPECT_EQ(web.env_file[0].path, p.root() + "/common/base.env");
  EXPECT_EQ(web.environment.at("FROM_FILE"), "yes");
}

TEST(Extends, ResetInTheExtendingService) {
  TempProject p;
  p.write("compose.yaml", R"(services:
  base: {image: x, ports: ["80:80"], user: u}
  web:
    extends: base
    ports: !reset []
)");
  const Project& project = testing::project_of(p.load());
  EXPECT_TRUE(project.services.at("web").ports.empty());
  EXPECT_EQ(project.services.at("web").user, "u");
}

TEST(Extends, CycleIsAnErrorNamingIt) {
  TempProject p;
  p.write("compose.yaml", "services:\n  a: {image: x, extends: b}\n  b: {image: x, extends: a}\n");
  LoadResult r = p.load();
  EXPECT_FALSE(r.project);
  EXPECT_NE(testing::errors_of(r).find("extends cycle: a -> b -> a"), std::string::npos) << testing::errors_of(r);
}

TEST(Extends, MissingBaseIsAnError) {
  TempProject p;
  p.write("compose.yaml", "services:\n  a:\n    image: x\n    extends: nope\n");
  LoadResult r = p.load();
  EXPECT_EQ(testing::errors_of(r),
            "compose.yaml:4:14: services.a.extends.service: service \"nope\" to extend is not defined\n");
}

TEST(Include, AddsTheIncludedProjectsResources) {
  TempProject p;
  p.write("lib/compose.yaml", R"(services:
  db:
    image: postgres:${PG_VERSION}
    volumes: ["./initdb:/docker-entrypoint-initdb.d", "dbdata:/var/lib/postgresql"]
    environment: {WHO: "${WHO}"}
volumes:
  dbdata: {}
)");
  p.write("lib/.env", "PG_VERSION=15\nWHO=library\n");
  p.write(".env", "WHO=parent\n");
  p.write("compose.yaml", "include:\n  - lib/compose.yaml\nservices:\n  web:\n    image: x\n    depends_on: [db]\n");
  const Project& project = testing::project_of(p.load());
  ASSERT_TRUE(project.services.count("db"));
  const Service& db = project.services.at("db");
  EXPECT_EQ(db.image, "postgres:15");                      // the included .env
  EXPECT_EQ(db.environment.at("WHO"), "parent");           // the including project wins
  EXPECT_EQ(db.volumes[0].source, p.root() + "/lib/initdb");  // relative to the included file
  EXPECT_TRUE(project.volumes.count("dbdata"));
}

TEST(Include, LongSyntaxWithProjectDirectoryAndEnvFile) {
  TempProject p;
  p.write("lib/sub/compose.yaml", "services:\n  db:\n    image: ${IMG}\n    volumes: ['./x:/x']\n");
  p.write("lib/custom.env", "IMG=from-custom\n");
  p.write("compose.yaml", R"(include:
  - path: [lib/sub/compose.yaml]
    project_directory: lib
    env_file: lib/custom.env
services:
  web: {image: x}
)");
  const Project& project = testing::project_of(p.load());
  EXPECT_EQ(project.services.at("db").image, "from-custom");
  EXPECT_EQ(project.services.at("db").volumes[0].source, p.root() + "/lib/x");
}

TEST(Include, ConflictIsAnError) {
  TempProject p;
  p.write("lib.yaml", "services:\n  web: {image: other}\n");
  p.write("compose.yaml", "include: [lib.yaml]\nservices:\n  web: {image: mine}\n");
  LoadResult r = p.load();
  EXPECT_EQ(testing::errors_of(r),
            "compose.yaml:3:8: services.web: conflicts with the definition imported from lib.yaml\n");
}

TEST(Include, CycleIsAnError) {
  TempProject p;
  p.write("a.yaml", "include: [compose.yaml]\nservices:\n  a: {image: x}\n");
  p.write("compose.yaml", "include: [a.yaml]\nservices:\n  web: {image: x}\n");
  LoadResult r = p.load();
  EXPECT_NE(testing::errors_of(r).find("include cycle: compose.yaml -> a.yaml -> compose.yaml"), std::string::npos)
      << testing::errors_of(r);
}

TEST(Include, MissingFileIsReportedWhereIncluded) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web: {image: x}\ninclude:\n  - nope.yaml\n");
  LoadResult r = p.load();
  EXPECT_EQ(testing::errors_of(r), "compose.yaml:4:5: include[0]: file nope.yaml not found\n");
}

}  // namespace
}  // namespace mocker::orchestrator::spec
