// The typed model: every attribute family with its units and normal forms.
#include "spec_test_util.hpp"

namespace mocker::orchestrator::spec {
namespace {

using testing::TempProject;
using namespace std::chrono_literals;

Service load_web(const std::string& body, const std::string& extra_top = "") {
  TempProject p;
  p.write("compose.yaml", "services:\n  db: {image: db}\n  web:\n    image: busybox\n" + body + extra_top);
  LoadResult r = p.load();
  EXPECT_TRUE(r.ok()) << testing::errors_of(r);
  if (!r.project) return {};
  return r.project->services.at("web");
}

TEST(Model, PortsExpandToOneEntryPerPort) {
  Service s = load_web(R"(    ports:
      - "3000"
      - "127.0.0.1:8000-8001:80-81/udp"
      - "[::1]:9000:90"
      - "7000-7005:70"
      - 6000
      - {target: 60, published: "6060", host_ip: 0.0.0.0, mode: host, name: web, app_protocol: http}
)");
  ASSERT_EQ(s.ports.size(), 7u);
  EXPECT_EQ(s.ports[0].target, 3000);
  EXPECT_EQ(s.ports[0].published_start, 0);  // ephemeral
  EXPECT_EQ(s.ports[1].host_ip, "127.0.0.1");
  EXPECT_EQ(s.ports[1].target, 80);
  EXPECT_EQ(s.ports[1].published_start, 8000);
  EXPECT_EQ(s.ports[1].protocol, Protocol::udp);
  EXPECT_EQ(s.ports[2].target, 81);
  EXPECT_EQ(s.ports[2].published_end, 8001);
  EXPECT_EQ(s.ports[3].host_ip, "::1");
  EXPECT_EQ(s.ports[4].target, 70);  // one container port, a host range to choose from
  EXPECT_EQ(s.ports[4].published_start, 7000);
  EXPECT_EQ(s.ports[4].published_end, 7005);
  EXPECT_EQ(s.ports[5].target, 6000);
}

TEST(Model, LongPortKeepsItsAttributes) {
  Service s = load_web("    ports:\n      - {target: 60, published: \"6060\", host_ip: 0.0.0.0, mode: host, name: web, app_protocol: http}\n");
  ASSERT_EQ(s.ports.size(), 1u);
  EXPECT_EQ(s.ports[0].mode, "host");
  EXPECT_EQ(s.ports[0].name, "web");
  EXPECT_EQ(s.ports[0].app_protocol, "http");
  EXPECT_EQ(s.ports[0].published_start, 6060);
}

TEST(Model, VolumesNormaliseToLongForm) {
  TempProject p;
  p.write("compose.yaml", R"(services:
  web:
    image: x
    volumes:
      - /anon
      - /ro-anon:ro
      - data:/data:nocopy
      - ./rel:/rel:ro,z
      - ~/home:/home:rshared
      - type: tmpfs
        target: /tmp
        tmpfs: {size: 64m, mode: 01777}
      - type: bind
        source: ../up
        target: /up
        bind: {create_host_path: false}
volumes:
  data:
)");
  LoadResult r = p.load();
  const Service s = testing::project_of(r).services.at("web");
  ASSERT_EQ(s.volumes.size(), 7u) << testing::errors_of(r);
  EXPECT_EQ(s.volumes[0].type, MountType::volume);
  EXPECT_EQ(s.volumes[0].source, "");
  EXPECT_EQ(s.volumes[0].target, "/anon");
  EXPECT_TRUE(s.volumes[1].read_only);
  EXPECT_EQ(s.volumes[1].target, "/ro-anon");
  EXPECT_EQ(s.volumes[2].source, "data");
  EXPECT_TRUE(s.volumes[2].volume && s.volumes[2].volume->nocopy);
  EXPECT_EQ(s.volumes[3].type, MountType::bind);
  EXPECT_EQ(s.volumes[3].source, p.root() + "/rel");
  EXPECT_TRUE(s.volumes[3].read_only);
  ASSERT_TRUE(s.volumes[3].bind);
  EXPECT_EQ(s.volumes[3].bind->selinux, "z");
  EXPECT_TRUE(s.volumes[3].bind->create_host_path);
  EXPECT_EQ(s.volumes[4].source, "/home/tester/home");
  EXPECT_EQ(s.volumes[4].bind->propagation, "rshared");
  EXPECT_EQ(s.volumes[5].type, MountType::tmpfs);
  EXPECT_EQ(s.volumes[5].tmpfs->size, 64LL << 20);
  EXPECT_EQ(s.volumes[5].tmpfs->mode, 01777u);
  EXPECT_EQ(s.volumes[6].source, std::filesystem::path(p.root()).parent_path().string() + "/up");
  EXPECT_FALSE(s.volumes[6].bind->create_host_path);
}

TEST(Model, DurationsSizesAndLimits) {
  Service s = load_web(R"(    stop_grace_period: 1m30s
    mem_limit: 512m
    mem_reservation: 1g
    memswap_limit: -1
    shm_size: 64M
    cpus: 1.5
    cpu_shares: 512
    pids_limit: 100
    cpuset: "0-1"
    ulimits:
      nproc: 65535
      nofile: {soft: 20000, hard: 40000}
    healthcheck:
      test: ["CMD", "true"]
      interval: 10s
      timeout: 500ms
      start_period: 1s
      start_interval: 2s
      retries: 5
    deploy:
      replicas: 2
      resources:
        limits: {cpus: "0.5", memory: 50M, pids: 10}
        reservations: {memory: 20M}
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
)");
  EXPECT_EQ(s.stop_grace_period, Duration(90s));
  EXPECT_EQ(s.mem_limit, 512LL << 20);
  EXPECT_EQ(s.mem_reservation, 1LL << 30);
  EXPECT_EQ(s.memswap_limit, -1);
  EXPECT_EQ(s.shm_size, 64LL << 20);
  EXPECT_EQ(s.cpus, 1.5);
  EXPECT_EQ(s.cpu_shares, 512);
  EXPECT_EQ(s.pids_limit, 100);
  EXPECT_EQ(s.cpuset, "0-1");
  EXPECT_EQ(s.ulimits.at("nproc").soft, 65535);
  EXPECT_EQ(s.ulimits.at("nofile").hard, 40000);
  ASSERT_TRUE(s.healthcheck);
  EXPECT_EQ(s.healthcheck->test, (std::vector<std::string>{"CMD", "true"}));
  EXPECT_EQ(s.healthcheck->timeout, Duration(500ms));
  EXPECT_EQ(s.healthcheck->start_interval, Duration(2s));
  EXPECT_EQ(s.healthcheck->retries, 5);
  ASSERT_TRUE(s.deploy);
  EXPECT_EQ(s.deploy->replicas, 2);
  EXPECT_EQ(s.deploy->limits->cpus, 0.5);
  EXPECT_EQ(s.deploy->limits->memory, 50LL << 20);
  EXPECT_EQ(s.deploy->limits->pids, 10);
  EXPECT_EQ(s.deploy->reservations->memory, 20LL << 20);
  EXPECT_EQ(s.deploy->restart_policy->condition, "on-failure");
  EXPECT_EQ(s.deploy->restart_policy->window, Duration(2min));
}

TEST(Model, RestartPolicies) {
  struct {
    const char* text;
    RestartPolicy::Mode mode;
    std::optional<int64_t> retries;
  } cases[] = {{"\"no\"", RestartPolicy::Mode::no, {}},
               {"always", RestartPolicy::Mode::always, {}},
               {"on-failure", RestartPolicy::Mode::on_failure, {}},
               {"on-failure:3", RestartPolicy::Mode::on_failure, 3},
               {"unless-stopped", RestartPolicy::Mode::unless_stopped, {}}};
  for (const auto& c : cases) {
    Service s = load_web(std::string("    restart: ") + c.text + "\n");
    ASSERT_TRUE(s.restart) << c.text;
    EXPECT_EQ(s.restart->mode, c.mode) << c.text;
    EXPECT_EQ(s.restart->max_retries, c.retries) << c.text;
  }
}

TEST(Model, CommandStringsSplitLikeAShell) {
  Service s = load_web("    command: sh -c 'echo \"a b\"' \"x y\" z\\ w\n    entrypoint: \"\"\n");
  EXPECT_EQ(s.command, (std::vector<std::string>{"sh", "-c", "echo \"a b\"", "x y", "z w"}));
  EXPECT_EQ(s.entrypoint, std::vector<std::string>{});  // set, and empty: clears the image's
}

TEST(Model, HealthcheckStringAndDisable) {
  EXPECT_EQ(load_web("    healthcheck:\n      test: curl -f x\n").healthcheck->test,
            (std::vector<std::string>{"CMD-SHELL", "curl -f x"}));
  EXPECT_EQ(load_web("    healthcheck:\n      disable: true\n").healthcheck->test, (std::vector<std::string>{"NONE"}));
}

TEST(Model, DependenciesNetworksAndModes) {
  Service s = load_web(R"(    depends_on:
      db: {condition: service_healthy, restart: true}
    networks:
      front:
        aliases: [w1, w2]
        ipv4_address: 172.16.0.10
        priority: 100
        mac_address: 02:42:ac:11:00:02
      back:
)", "networks:\n  front: {}\n  back: {}\n");
  EXPECT_EQ(s.depends_on.at("db").condition, DependencyCondition::service_healthy);
  EXPECT_TRUE(s.depends_on.at("db").restart);
  EXPECT_TRUE(s.depends_on.at("db").required);
  EXPECT_EQ(s.networks.at("front").aliases, (std::vector<std::string>{"w1", "w2"}));
  EXPECT_EQ(s.networks.at("front").ipv4_address, "172.16.0.10");
  EXPECT_EQ(s.networks.at("front").priority, 100);
  EXPECT_TRUE(s.networks.count("back"));
  EXPECT_EQ(s.unsupported.at("networks.front.mac_address"), "02:42:ac:11:00:02");

  Service shared = load_web("    network_mode: service:db\n");
  ASSERT_TRUE(shared.network_mode);
  EXPECT_EQ(shared.network_mode->kind, NetworkMode::Kind::service);
  EXPECT_EQ(shared.network_mode->target, "db");
  EXPECT_TRUE(shared.networks.empty());  // no default network with a network_mode
  EXPECT_EQ(load_web("    network_mode: container:abc\n").network_mode->kind, NetworkMode::Kind::container);
  EXPECT_EQ(load_web("    network_mode: host\n").network_mode->kind, NetworkMode::Kind::host);
}

TEST(Model, MiscellaneousAttributes) {
  Service s = load_web(R"(    user: "1000:1000"
    working_dir: /app
    hostname: h
    domainname: example.com
    extra_hosts: ["a:1.2.3.4", "b=::1", "c:[fe80::1]"]
    dns: 8.8.8.8
    dns_search: [example.com]
    dns_opt: [use-vc]
    init: true
    stop_signal: SIGINT
    read_only: true
    privileged: yes
    tty: on
    stdin_open: true
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    security_opt: [no-new-privileges]
    sysctls: [net.core.somaxconn=1024]
    labels: {a: "1", b: }
    logging: {driver: json-file, options: {max-size: 1m, max-file: 3}}
    scale: 2
    links: ["db:database"]
    volumes_from: ["db:ro", "container:other"]
    tmpfs: /run
    pull_policy: every_12h
)");
  EXPECT_EQ(s.user, "1000:1000");
  EXPECT_EQ(s.extra_hosts.size(), 3u);
  EXPECT_EQ(s.extra_hosts[1].ip, "::1");
  EXPECT_EQ(s.extra_hosts[2].ip, "fe80::1");
  EXPECT_EQ(s.dns, std::vector<std::string>{"8.8.8.8"});
  EXPECT_EQ(s.init, true);
  EXPECT_TRUE(s.read_only && s.privileged && s.tty && s.stdin_open);
  EXPECT_EQ(s.sysctls.at("net.core.somaxconn"), "1024");
  EXPECT_EQ(s.labels.at("b"), "");
  EXPECT_EQ(s.logging->options.at("max-file"), "3");
  EXPECT_EQ(s.scale, 2);
  EXPECT_EQ(s.tmpfs, std::vector<std::string>{"/run"});
  EXPECT_EQ(s.pull_policy, "every_12h");
}

TEST(Model, UnsupportedAttributesAndExtensionsAreKept) {
  TempProject p;
  p.write("compose.yaml", R"(services:
  web:
    build: ./app
    ipc: host
    x-custom: {a: 1}
    deploy:
      placement: {constraints: ["node.role==manager"]}
models:
  m: {model: ai/x}
x-top: [1, two]
)");
  const Project& project = testing::project_of(p.load());
  const Service& s = project.services.at("web");
  EXPECT_EQ(s.unsupported.at("build")["context"], p.root() + "/app");
  EXPECT_EQ(s.unsupported.at("ipc"), "host");
  EXPECT_TRUE(s.unsupported.count("deploy.placement"));
  EXPECT_EQ(s.extensions.at("x-custom")["a"], 1);
  EXPECT_TRUE(project.unsupported.count("models"));
  EXPECT_EQ(project.extensions.at("x-top")[1], "two");
}

TEST(Model, ResourceNamesAndTheDefaultNetwork) {
  TempProject p;
  p.write("compose.yaml", R"(name: app
services:
  web:
    image: x
    secrets: [token, {source: cert, target: tls.pem, mode: 0440}]
    configs: [conf]
networks:
  ext: {external: true}
  named: {name: custom}
volumes:
  data: {}
  old: {external: {name: legacy}}
secrets:
  token: {environment: TOKEN}
  cert: {file: ./cert.pem}
configs:
  conf: {content: "x=1"}
)");
  const Project& project = testing::project_of(p.load());
  EXPECT_EQ(project.networks.at("default").name, "app_default");
  EXPECT_EQ(project.networks.at("ext").name, "ext");
  EXPECT_EQ(project.networks.at("named").name, "custom");
  EXPECT_EQ(project.volumes.at("data").name, "app_data");
  EXPECT_EQ(project.volumes.at("old").name, "legacy");
  EXPECT_EQ(project.secrets.at("cert").file, p.root() + "/cert.pem");
  EXPECT_EQ(project.configs.at("conf").content, "x=1");
  const Service& web = project.services.at("web");
  EXPECT_TRUE(web.networks.count("default"));
  EXPECT_EQ(web.secrets[0].target, "/run/secrets/token");
  EXPECT_EQ(web.secrets[1].target, "/run/secrets/tls.pem");
  EXPECT_EQ(web.secrets[1].mode, 0440u);
  EXPECT_EQ(web.configs[0].target, "/conf");
}

}  // namespace
}  // namespace mocker::orchestrator::spec
