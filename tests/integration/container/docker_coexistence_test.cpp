// Our networks on a host where Docker's engine runs too. dockerd is started
// inside the test's private network and mount namespace (its firewall rules,
// bridge and mounts stay there), before or after our networks exist. Docker
// sets the filter table's FORWARD policy to DROP and turns on br_netfilter;
// our containers must still reach each other by name, answer on published
// ports and reach an address outside through NAT, and our rules in
// DOCKER-USER must go with our last network.
#include "network_fixture.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <thread>

using mocker::test::NetworkCliTest;
using mocker::test::wait_for_http;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// dockerd with its own data root, exec root and socket under `dir`.
class DockerDaemon {
 public:
  explicit DockerDaemon(const std::string& dir) : dir_(dir) {
    std::filesystem::create_directories(dir_);
    pid_ = ::fork();
    if (pid_ == 0) {
      std::string log = dir_ + "/dockerd.log";
      FILE* f = std::freopen(log.c_str(), "w", stdout);
      if (f) ::dup2(::fileno(stdout), 2);
      ::execlp("dockerd", "dockerd", "--data-root", (dir_ + "/data").c_str(), "--exec-root", (dir_ + "/exec").c_str(),
               "--host", ("unix://" + dir_ + "/docker.sock").c_str(), "--pidfile", (dir_ + "/docker.pid").c_str(),
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~DockerDaemon() { stop(); }

  // Ready once it serves its API (its firewall set-up is done by then, and
  // it is what rewrites DOCKER-USER at start). Docker sets the FORWARD policy to
  // DROP when it is the one that turns forwarding on; where forwarding was
  // already on (our networks turned it on) it leaves the policy alone, so the
  // test sets it as Docker does on most hosts.
  bool wait_ready() {
    for (int i = 0; i < 300; ++i) {
      if (has(log(), "API listen on"))
        return mocker::test::run("iptables -w -P FORWARD DROP").status == 0;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::string log() const { return mocker::test::run("cat " + dir_ + "/dockerd.log").output; }

  // SIGTERM, a bounded wait, then SIGKILL; Docker's bridge goes with it.
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    bool gone = false;
    for (int i = 0; i < 200 && !gone; ++i) {
      gone = ::waitpid(pid_, &status, WNOHANG) == pid_;
      if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    if (!gone) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, &status, 0);
    }
    pid_ = -1;
    (void)mocker::test::run("ip link del docker0 2>/dev/null; umount -R " + dir_ + " 2>/dev/null; true");
  }

 private:
  std::string dir_;
  pid_t pid_ = -1;
};

// A host outside our bridges: its own network namespace behind a veth
// (10.250.0.1 here, 10.250.0.2 there) with a TCP service that says "outside".
class OutsideHost {
 public:
  OutsideHost() {
    pid_ = ::fork();
    if (pid_ == 0) {
      // A group of its own, killed whole; no descriptor of the test's (ctest
      // waits for the test's output pipe to close).
      ::setpgid(0, 0);
      int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
      for (int fd = 0; fd < 3; ++fd) ::dup2(null, fd);
      ::execlp("unshare", "unshare", "--net", "busybox", "sh", "-c",
               "ip link set lo up; "
               "for i in $(seq 100); do ip link show mkt-in >/dev/null 2>&1 && break; sleep 0.05; done; "
               "ip addr add 10.250.0.2/24 dev mkt-in; ip link set mkt-in up; "
               "for i in $(seq 20); do echo outside | nc -l -p 7000; done",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);  // whichever of the two runs first
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    link_ = mocker::test::run("ip link add mkt-out type veth peer name mkt-in netns " + std::to_string(pid_) +
                              " && ip addr add 10.250.0.1/24 dev mkt-out && ip link set mkt-out up");
  }
  ~OutsideHost() { stop(); }
  void stop() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    (void)mocker::test::run("ip link del mkt-out 2>/dev/null; true");
  }
  const mocker::test::Command& link() const { return link_; }

 private:
  pid_t pid_ = -1;
  mocker::test::Command link_;
};

class DockerCoexistenceTest : public NetworkCliTest {
 protected:
  void SetUp() override {
    NetworkCliTest::SetUp();
    if (mocker::test::run("command -v dockerd iptables").status != 0) {
      if (std::getenv("CI") && std::string(std::getenv("CI")) == "true")
        FAIL() << "dockerd and iptables are needed (scripts/install-deps.sh installs docker.io)";
      GTEST_SKIP() << "dockerd not installed";
    }
  }

  std::string docker_dir() const { return root_dir() + "/docker"; }

  // Names, a published port and NAT to the outside host, all through Docker's DROP policy.
  void expect_traffic_passes(DockerDaemon& docker) {
    ASSERT_TRUE(has(mocker::test::run("nft list chain ip filter FORWARD").output, "policy drop"))
        << "control: Docker drops forwarded traffic by default\n"
        << docker.log();
    auto r = in_container("--name client --network app",
                          wait_for_http("http://web/") + "timeout 3 wget -q -O- http://web/; "
                                                         "nc -w 3 10.250.0.2 7000 </dev/null");
    EXPECT_EQ(r.output, "from-web\noutside\n")
        << r.output << mocker::test::run("iptables -w -S; ip -o addr; ip route; nft list table ip mocker").output;
    EXPECT_TRUE(eventually([&] { return has(mocker::test::http_get("127.0.0.1", 18090), "from-web"); }));
  }

  std::string docker_user() { return mocker::test::run("iptables -w -S DOCKER-USER").output; }

  // Our containers and networks, through the CLI, while Docker still runs.
  void remove_ours() {
    if (auto all = engine().containers().list(true, {}))
      for (const auto& c : *all) ok("rm -f " + c.id);
    if (auto nets = engine().networks().list())
      for (const auto& n : *nets) ok("network rm " + n.name);
  }

  // Then Docker and the outside host go, and nothing of ours may be left.
  void expect_nothing_left(DockerDaemon& docker, OutsideHost& outside) {
    docker.stop();
    outside.stop();
    expect_no_network_leftovers();
    expect_no_containers();
  }
};

}  // namespace

TEST_F(DockerCoexistenceTest, DockerStartedFirst) {
  OutsideHost outside;
  ASSERT_EQ(outside.link().status, 0) << outside.link().output;
  DockerDaemon docker(docker_dir());
  ASSERT_TRUE(docker.wait_ready()) << docker.log();
  EXPECT_FALSE(has(docker_user(), "mkr-+")) << "nothing of ours before our first network";
  ok("network create app");
  serve_http("--name web --network app -p 127.0.0.1:18090:80", "from-web");
  expect_traffic_passes(docker);
  EXPECT_TRUE(has(docker_user(), "-A DOCKER-USER -i mkr-+ -m comment --comment mocker -j ACCEPT")) << docker_user();
  remove_ours();
  EXPECT_FALSE(has(docker_user(), "mkr-+")) << "our rules go with our last network: " << docker_user();
  EXPECT_TRUE(has(docker_user(), "-A DOCKER-USER -j RETURN")) << "Docker's own rule stays: " << docker_user();
  expect_nothing_left(docker, outside);
}

TEST_F(DockerCoexistenceTest, DockerStartedAfterOurNetworks) {
  OutsideHost outside;
  ASSERT_EQ(outside.link().status, 0) << outside.link().output;
  ok("network create app");
  serve_http("--name web --network app -p 127.0.0.1:18090:80", "from-web");
  DockerDaemon docker(docker_dir());
  ASSERT_TRUE(docker.wait_ready()) << docker.log();
  // The next container start brings our rules into Docker's chain.
  expect_traffic_passes(docker);
  remove_ours();
  EXPECT_FALSE(has(docker_user(), "mkr-+")) << docker_user();
  expect_nothing_left(docker, outside);
}
