// Every merge rule: base compose.yaml + compose.override.yaml -> one attribute of
// service "web" in the loaded model.
#include "spec_test_util.hpp"

namespace mocker::orchestrator::spec {
namespace {

using testing::TempProject;

struct MergeCase {
  const char* name;
  const char* base;      // body of services.web in compose.yaml
  const char* override;  // body of services.web in compose.override.yaml
  const char* attribute;
  const char* expected;  // JSON; "null" when the attribute must be absent
};

std::string service_file(const std::string& body) {
  std::string out = "services:\n  db: {image: x}\n  cache: {image: x}\n  web:\n";
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    out += "    " + body.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out + "networks:\n  front: {}\n  back: {}\nvolumes:\n  foo: {}\n  bar: {}\nsecrets:\n  s1:\n    file: ./s1\nconfigs:\n  c1:\n    content: x\n";
}

class MergeTest : public ::testing::TestWithParam<MergeCase> {};

TEST_P(MergeTest, AppliesRule) {
  const MergeCase& c = GetParam();
  TempProject p;
  p.write("compose.yaml", service_file(std::string("image: busybox\n") + c.base));
  p.write("compose.override.yaml", service_file(c.override));
  LoadResult r = p.load();
  const Project& project = testing::project_of(r);
  ASSERT_TRUE(project.services.count("web")) << testing::errors_of(r);
  nlohmann::json web = to_json(project.services.at("web"));
  nlohmann::json expected = nlohmann::json::parse(c.expected);
  nlohmann::json actual = web.contains(c.attribute) ? web[c.attribute] : nlohmann::json(nullptr);
  EXPECT_EQ(actual, expected) << actual.dump();
}

INSTANTIATE_TEST_SUITE_P(Rules, MergeTest, ::testing::Values(
    MergeCase{"mapping_merges", "environment:\n  A: 1\n  B: 2", "environment:\n  B: 3\n  C: 4",
              "environment", R"({"A":"1","B":"3","C":"4"})"},
    MergeCase{"list_and_map_forms_merge", "environment:\n  - A=1\n  - B=2", "environment:\n  B: 3",
              "environment", R"({"A":"1","B":"3"})"},
    MergeCase{"labels_merge", "labels: [a=1]", "labels:\n  b: '2'", "labels", R"({"a":"1","b":"2"})"},
    MergeCase{"sequence_appends", "dns: [1.1.1.1]", "dns: 8.8.8.8", "dns", R"(["1.1.1.1","8.8.8.8"])"},
    MergeCase{"plain_lists_deduplicate", "cap_add: [NET_ADMIN, SYS_TIME]", "cap_add: [SYS_TIME, CHOWN]",
              "cap_add", R"(["NET_ADMIN","SYS_TIME","CHOWN"])"},
    MergeCase{"command_replaced", "command: [echo, foo]", "command: [echo, bar]", "command", R"(["echo","bar"])"},
    MergeCase{"entrypoint_replaced", "entrypoint: [/a, b]", "entrypoint: /c", "entrypoint", R"(["/c"])"},
    MergeCase{"healthcheck_test_replaced_rest_merged",
              "healthcheck:\n  test: [CMD, a, b]\n  interval: 10s", "healthcheck:\n  test: [CMD, c]\n  retries: 2",
              "healthcheck", R"({"test":["CMD","c"],"interval":"10s","retries":2})"},
    MergeCase{"ports_short_and_long_are_one",
              "ports: ['8080:80']", "ports:\n  - target: 80\n    published: 8080\n  - '9090:90'",
              "ports", R"([{"target":80,"published":"8080","protocol":"tcp"},{"target":90,"published":"9090","protocol":"tcp"}])"},
    MergeCase{"port_protocol_is_part_of_the_key", "ports: ['53:53']", "ports: ['53:53/udp']",
              "ports", R"([{"target":53,"published":"53","protocol":"tcp"},{"target":53,"published":"53","protocol":"udp"}])"},
    MergeCase{"port_ranges_expand_before_comparing", "ports: ['8000-8001:8000-8001']", "ports: ['8001:8001']",
              "ports", R"([{"target":8000,"published":"8000","protocol":"tcp"},{"target":8001,"published":"8001","protocol":"tcp"}])"},
    MergeCase{"volumes_unique_by_target", "volumes: ['foo:/work']", "volumes: ['bar:/work']",
              "volumes", R"([{"type":"volume","source":"bar","target":"/work"}])"},
    MergeCase{"volume_long_merges_into_short", "volumes: ['foo:/work']",
              "volumes:\n  - type: volume\n    source: foo\n    target: /work\n    read_only: true",
              "volumes", R"([{"type":"volume","source":"foo","target":"/work","read_only":true}])"},
    MergeCase{"secrets_unique_by_target", "secrets: [s1]", "secrets:\n  - source: s1\n    mode: 0400",
              "secrets", R"([{"source":"s1","target":"/run/secrets/s1","mode":"0400"}])"},
    MergeCase{"configs_unique_by_target", "configs: [c1]", "configs:\n  - source: c1\n    target: /c1\n    uid: '1'",
              "configs", R"([{"source":"c1","target":"/c1","uid":"1"}])"},
    MergeCase{"reset_removes_sequence", "ports: ['8080:80']", "ports: !reset []", "ports", "null"},
    MergeCase{"reset_removes_key", "environment:\n  FOO: bar\n  KEEP: 1", "environment:\n  FOO: !reset null",
              "environment", R"({"KEEP":"1"})"},
    MergeCase{"override_replaces_sequence", "ports: ['8080:80']", "ports: !override ['8443:443']",
              "ports", R"([{"target":443,"published":"8443","protocol":"tcp"}])"},
    MergeCase{"override_replaces_mapping", "environment:\n  A: 1", "environment: !override\n  B: 2",
              "environment", R"({"B":"2"})"},
    MergeCase{"depends_on_list_and_map", "depends_on: [db]",
              "depends_on:\n  cache:\n    condition: service_healthy", "depends_on",
              R"({"cache":{"condition":"service_healthy","required":true,"restart":false},"db":{"condition":"service_started","required":true,"restart":false}})"},
    MergeCase{"networks_list_and_map", "networks: [front]", "networks:\n  front:\n    aliases: [w]\n  back:",
              "networks", R"({"back":null,"front":{"aliases":["w"]}})"},
    MergeCase{"logging_same_driver_merges_options",
              "logging:\n  driver: json-file\n  options: {max-size: 1m}", "logging:\n  options: {max-file: '3'}",
              "logging", R"({"driver":"json-file","options":{"max-file":"3","max-size":"1m"}})"},
    MergeCase{"logging_new_driver_drops_options",
              "logging:\n  driver: json-file\n  options: {max-size: 1m}", "logging:\n  driver: syslog",
              "logging", R"({"driver":"syslog"})"},
    MergeCase{"ulimit_replaced_whole", "ulimits:\n  nofile: {soft: 10, hard: 20}", "ulimits:\n  nofile: 30",
              "ulimits", R"({"nofile":30})"},
    MergeCase{"extra_hosts_both_syntaxes", "extra_hosts: ['a:1.1.1.1']", "extra_hosts:\n  a: 1.1.1.1\n  b: 2.2.2.2",
              "extra_hosts", R"(["a=1.1.1.1","b=2.2.2.2"])"},
    MergeCase{"scalar_replaced", "user: '1000'", "user: root", "user", R"("root")"},
    MergeCase{"x_extensions_merge", "x-meta: {a: 1}", "x-meta: {b: 2}", "x-meta", R"({"a":1,"b":2})"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Merge, DuplicatesWithinOneFileCollapse) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: x\n    ports: ['80:80', {target: 80, published: 80}]\n");
  const Project& project = testing::project_of(p.load());
  ASSERT_TRUE(project.services.count("web"));
  EXPECT_EQ(project.services.at("web").ports.size(), 1u);
}

TEST(Merge, ResetRemovesAWholeService) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web: {image: x}\n  extra: {image: y}\n");
  p.write("compose.override.yaml", "services:\n  extra: !reset\n");
  const Project& project = testing::project_of(p.load());
  EXPECT_TRUE(project.services.count("web"));
  EXPECT_FALSE(project.services.count("extra"));
}

TEST(Merge, AnchorsAndMergeKeys) {
  TempProject p;
  p.write("compose.yaml", R"(x-base: &base
  image: busybox
  environment: &env
    A: "1"
    B: "2"
x-more: &more
  user: nobody
  image: ignored
services:
  one:
    <<: [*base, *more]
    environment:
      <<: *env
      B: three
  two: *base
)");
  const Project& project = testing::project_of(p.load());
  ASSERT_EQ(project.services.size(), 2u);
  const Service& one = project.services.at("one");
  EXPECT_EQ(one.image, "busybox");  // earlier merged mappings win
  EXPECT_EQ(one.user, "nobody");
  EXPECT_EQ(one.environment.at("A"), "1");
  EXPECT_EQ(one.environment.at("B"), "three");  // explicit keys win
  EXPECT_EQ(project.services.at("two").environment.at("B"), "2");
  EXPECT_TRUE(project.extensions.count("x-base"));
}

TEST(Merge, LaterFilesWinAndPathsAreRelativeToTheProject) {
  TempProject p;
  p.write("compose.yaml", "services:\n  web:\n    image: a\n    volumes: ['./data:/data']\n");
  p.write("sub/more.yaml", "services:\n  web:\n    image: b\n    volumes: ['./other:/other']\n");
  const Project& project = testing::project_of(p.load({"compose.yaml", "sub/more.yaml"}));
  const Service& web = project.services.at("web");
  EXPECT_EQ(web.image, "b");
  ASSERT_EQ(web.volumes.size(), 2u);
  EXPECT_EQ(web.volumes[0].source, p.root() + "/data");
  EXPECT_EQ(web.volumes[1].source, p.root() + "/other");  // not sub/other
}

}  // namespace
}  // namespace mocker::orchestrator::spec
