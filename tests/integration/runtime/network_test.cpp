// Network modes: a new namespace with lo up, the host's, or one given by path.
#include "fixture.hpp"

#include <sched.h>
#include <signal.h>
#include <unistd.h>

namespace mocker::test {
namespace {

std::string namespace_of(const std::string& proc_path) {
  char buf[128] = {};
  ssize_t n = ::readlink(proc_path.c_str(), buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
}

class Network : public RuntimeTest {
 protected:
  nlohmann::json probe(runtime::NetworkMode mode, const std::string& netns_path = "") {
    auto s = spec({"/bin/mocker-probe"});
    s.network = mode;
    s.netns_path = netns_path;
    auto f = run(s);
    EXPECT_EQ(f.status, 0) << f.stderr_text();
    return parse_json(f.stdout_text());
  }
};

TEST_F(Network, NewNamespaceHasOnlyLoopbackUp) {
  auto r = probe(runtime::NetworkMode::new_namespace);
  EXPECT_NE(r["namespaces"]["net"], namespace_of("/proc/self/ns/net"));
  EXPECT_EQ(r["interfaces"], nlohmann::json::parse(R"([{"name":"lo","up":true}])"));
}

TEST_F(Network, HostModeSharesOurNamespace) {
  auto r = probe(runtime::NetworkMode::host);
  EXPECT_EQ(r["namespaces"]["net"], namespace_of("/proc/self/ns/net"));
  EXPECT_NE(r["namespaces"]["uts"], namespace_of("/proc/self/ns/uts")) << "only the network is shared";
}

TEST_F(Network, JoinModeEntersTheGivenNamespace) {
  // A process holding a network namespace of its own, as another container would.
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t holder = ::fork();
  ASSERT_GE(holder, 0);
  if (holder == 0) {
    char ok = ::unshare(CLONE_NEWNET) == 0 ? '1' : '0';
    (void)!::write(ready[1], &ok, 1);
    ::pause();
    ::_exit(0);
  }
  ::close(ready[1]);
  char ok = 0;
  ASSERT_EQ(::read(ready[0], &ok, 1), 1);
  ::close(ready[0]);
  std::string path = "/proc/" + std::to_string(holder) + "/ns/net";
  std::string expected = namespace_of(path);
  auto r = ok == '1' ? probe(runtime::NetworkMode::join, path) : nlohmann::json();
  ::kill(holder, SIGKILL);
  wait_child(holder, 30);
  ASSERT_EQ(ok, '1');
  EXPECT_EQ(r["namespaces"]["net"], expected);
  EXPECT_NE(expected, namespace_of("/proc/self/ns/net"));
}

}  // namespace
}  // namespace mocker::test
