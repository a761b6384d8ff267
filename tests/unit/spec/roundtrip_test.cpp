// Property: `config` output, loaded again, gives the same output and the same hashes.
// Checked on the fixture projects and on seeded random projects.
#include "spec_test_util.hpp"

#include <random>
#include <set>

namespace mocker::orchestrator::spec {
namespace {

using testing::TempProject;

struct Rendered {
  std::string yaml;
  std::string json;
  std::map<std::string, std::string> hashes;
};

Rendered render_project(const Project& p) {
  Rendered r;
  nlohmann::json doc = to_json(p);
  r.yaml = to_yaml_text(doc);
  r.json = to_json_text(doc);
  for (const auto& [name, s] : p.services) r.hashes[name] = config_hash(s);
  return r;
}

// Loads `text` as if piped to `config -f -` from the project directory.
std::optional<Project> reload(const std::string& text, const std::string& dir, const LoadOptions& original) {
  LoadOptions o = original;
  o.files = {"-"};
  o.stdin_content = text;
  o.project_directory = dir;
  o.project_name.clear();
  LoadResult r = load_project(o);
  EXPECT_TRUE(r.ok()) << testing::errors_of(r) << "\n--- input ---\n" << text;
  return r.project;
}

void expect_round_trip(const LoadOptions& options) {
  LoadResult first = load_project(options);
  ASSERT_TRUE(first.project) << testing::errors_of(first);
  Rendered a = render_project(*first.project);
  for (const std::string* text : {&a.yaml, &a.json}) {
    auto again = reload(*text, first.project->working_dir, options);
    ASSERT_TRUE(again);
    Rendered b = render_project(*again);
    EXPECT_EQ(a.yaml, b.yaml);
    EXPECT_EQ(a.json, b.json);
    EXPECT_EQ(a.hashes, b.hashes);
  }
}

std::vector<std::string> fixture_projects() {
  std::vector<std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(MOCKER_SPEC_FIXTURES) + "/valid"))
    if (entry.is_directory()) out.push_back(entry.path().filename().string());
  std::sort(out.begin(), out.end());
  return out;
}

class FixtureRoundTrip : public ::testing::TestWithParam<std::string> {};

TEST_P(FixtureRoundTrip, OutputReadsBackUnchanged) {
  LoadOptions o;
  o.working_dir = std::string(MOCKER_SPEC_FIXTURES) + "/valid/" + GetParam();
  o.environment = {{"HOME", "/home/tester"}, {"TAG", "1.2"}, {"SHELL_ONLY", "from $hell"}};
  expect_round_trip(o);
}

INSTANTIATE_TEST_SUITE_P(Valid, FixtureRoundTrip, ::testing::ValuesIn(fixture_projects()));

TEST(FixtureRoundTrip, ThereAreFixtures) { EXPECT_GE(fixture_projects().size(), 3u); }

TEST(RoundTrip, KeysLongerThanYamlAllowsImplicitlyUseExplicitSyntax) {
  TempProject p;
  std::string key(700, '"');  // doubles in length once escaped
  p.write("compose.yaml", "services:\n  w:\n    image: x\n    labels:\n      '" + key + "': v\n    x-list:\n      - '" +
                              key + "': v\n        b: 1\n");
  LoadOptions o = p.options();
  LoadResult r = load_project(o);
  ASSERT_TRUE(r.project) << testing::errors_of(r);
  std::string yaml = to_yaml_text(to_json(*r.project));
  EXPECT_NE(yaml.find("? \"\\\""), std::string::npos);
  // JSON has no explicit keys: such keys round-trip through the YAML form only.
  auto again = reload(yaml, r.project->working_dir, o);
  ASSERT_TRUE(again);
  EXPECT_EQ(to_yaml_text(to_json(*again)), yaml);
}

// Snippets of valid service attributes, combined at random.
const char* kSnippets[] = {
    "    command: [\"sh\", \"-c\", \"echo $$HOME # not a comment\"]\n",
    "    command: echo 'quoted words' and \"more\"\n",
    "    entrypoint: [\"/init\"]\n",
    "    environment:\n      A: \"1\"\n      EMPTY: \"\"\n      UNSET:\n      QUOTE: 'it''s \"x\": y'\n",
    "    environment: [\"LIST=yes\", \"TRUE=true\", \"NUM=0123\", \"COLON=a: b\"]\n",
    "    ports: [\"8080:80\", \"127.0.0.1:9000-9001:9000-9001/udp\", \"5000\"]\n",
    "    ports:\n      - {target: 443, published: \"8443\", mode: host, name: https, app_protocol: https}\n",
    "    expose: [\"3000-3002\", \"53/udp\"]\n",
    "    volumes: [\"./data:/data:ro\", \"named:/named:nocopy\", \"/anon\"]\n",
    "    volumes:\n      - {type: tmpfs, target: /t, tmpfs: {size: 1g, mode: 0755}}\n",
    "    tmpfs: [\"/run:size=64m\"]\n",
    "    healthcheck:\n      test: wget -q -O- localhost\n      interval: 1m30s\n      retries: 3\n      start_period: 1.5s\n",
    "    healthcheck: {disable: true}\n",
    "    restart: on-failure:5\n",
    "    restart: \"no\"\n",
    "    deploy:\n      resources: {limits: {cpus: \"0.25\", memory: 128m}}\n      restart_policy: {condition: any}\n      labels: [d=1]\n",
    "    mem_limit: 1.5g\n    memswap_limit: -1\n    cpus: 2\n    pids_limit: -1\n    shm_size: 0\n",
    "    ulimits: {nofile: {soft: 1024, hard: 2048}, core: 0}\n",
    "    user: \"1000\"\n    working_dir: /srv\n    hostname: \"null\"\n    domainname: \"true\"\n",
    "    extra_hosts: {host.docker.internal: \"host-gateway\", v6: \"::1\"}\n",
    "    dns: [1.1.1.1]\n    dns_search: example.org\n    dns_opt: [\"ndots:2\"]\n",
    "    init: false\n    read_only: true\n    privileged: true\n    tty: true\n    stdin_open: true\n",
    "    stop_signal: SIGUSR1\n    stop_grace_period: 2h3m4s5ms\n",
    "    cap_add: [NET_ADMIN]\n    cap_drop: [ALL]\n    security_opt: [\"label:disable\"]\n",
    "    sysctls: {net.ipv4.ip_forward: 1}\n",
    "    labels: {\"com.example/weird key\": \"[x]\", \"#hash\": \"- dash\", plain: \"{}\"}\n",
    "    logging: {driver: local, options: {max-size: 10m}}\n",
    "    scale: 2\n",
    "    networks:\n      front: {aliases: [\"a-1\"], ipv4_address: 10.5.0.9, priority: 10}\n      default:\n",
    "    network_mode: none\n",
    "    secrets: [s, {source: s, target: /other, mode: 0400, uid: \"0\"}]\n    configs: [c]\n",
    "    profiles: [on]\n",
    "    pull_policy: missing\n",
    "    build: {context: ./ctx, args: {X: \"1\"}}\n    platform: linux/amd64\n",
    "    x-note: {nested: [1, 2.5, true, null, \"$$literal\"]}\n",
    "    env_file: [{path: ./svc.env, required: false}]\n",
};

std::string random_project(std::mt19937& rng) {
  std::string out = "name: rnd\nservices:\n";
  int services = 1 + int(rng() % 4);
  for (int i = 0; i < services; ++i) {
    out += "  svc" + std::to_string(i) + ":\n    image: \"busybox:${TAG:-latest}\"\n";
    std::set<std::string> used;  // one snippet per attribute; networks and network_mode exclude each other
    for (size_t k = 0; k < std::size(kSnippets); ++k) {
      if (rng() % 4 != 0) continue;
      std::string snippet = kSnippets[k];
      std::vector<std::string> keys;
      for (size_t pos = 0; pos < snippet.size();) {
        size_t eol = snippet.find('\n', pos);
        std::string line = snippet.substr(pos, eol - pos);
        if (line.rfind("    ", 0) == 0 && line[4] != ' ') {
          std::string key = line.substr(4, line.find(':') - 4);
          keys.push_back(key == "network_mode" ? "networks" : key);
        }
        pos = eol + 1;
      }
      bool clash = false;
      for (const auto& key : keys) clash |= used.count(key) != 0;
      if (clash) continue;
      used.insert(keys.begin(), keys.end());
      out += snippet;
    }
    if (i > 0 && rng() % 2) out += "    depends_on: [svc" + std::to_string(i - 1) + "]\n";
  }
  out += "networks:\n  front: {}\nvolumes:\n  named: {}\nsecrets:\n  s: {file: ./s.txt}\nconfigs:\n  c: {content: \"$${x}\"}\n";
  out += "x-top: {list: [a, \"b: c\"]}\n";
  return out;
}

TEST(RandomRoundTrip, OutputReadsBackUnchanged) {
  for (unsigned seed = 1; seed <= 60; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    TempProject p;
    p.write("compose.yaml", random_project(rng));
    LoadOptions o = p.options();
    o.profiles = {"on"};
    expect_round_trip(o);
  }
}

}  // namespace
}  // namespace mocker::orchestrator::spec
