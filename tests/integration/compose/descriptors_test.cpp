// Descriptor hygiene: every helper we start (mocker-init for a container and
// for exec, mocker-dns, mocker-supervisor, a healthcheck probe) and every
// process in a container holds exactly the descriptors it is meant to have.
// The commands run with a descriptor of the shell's open (fd 9, not
// close-on-exec), so a helper that inherits what it was not given shows it.
// And a project stays usable at once after a foreground `up`.
#include "compose_fixture.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sys/wait.h>
#include <sstream>
#include <thread>

namespace mocker::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

std::vector<std::string> cmdline_of(pid_t pid) {
  std::vector<std::string> args;
  std::istringstream in(read_text("/proc/" + std::to_string(pid) + "/cmdline"));
  for (std::string a; std::getline(in, a, '\0');) args.push_back(a);
  return args;
}

pid_t parent_of(pid_t pid) {
  std::string stat = read_text("/proc/" + std::to_string(pid) + "/stat");
  auto close = stat.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(stat.substr(close + 2));
  char state;
  pid_t ppid = 0;
  rest >> state >> ppid;
  return ppid;
}

std::string exe_name(pid_t pid) {
  std::error_code ec;
  return fs::read_symlink("/proc/" + std::to_string(pid) + "/exe", ec).filename().string();
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename();
    if (name.find_first_not_of("0123456789") == std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

// "unix stream listening /path", "unix seqpacket", "udp", "netlink": what a
// socket inode is, from the tables of the process's network namespace.
std::string describe_socket(pid_t pid, const std::string& inode) {
  std::string net = "/proc/" + std::to_string(pid) + "/net/";
  {
    std::istringstream in(read_text(net + "unix"));
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string num, refs, proto, flags, type, st, ino, path;
      f >> num >> refs >> proto >> flags >> type >> st >> ino >> path;
      if (ino != inode) continue;
      std::string kind = type == "0001" ? "stream" : type == "0002" ? "dgram" : type == "0005" ? "seqpacket" : type;
      std::string out = "unix " + kind;
      if (flags == "00010000") out += " listening";
      if (!path.empty()) out += " " + path;
      return out;
    }
  }
  for (const char* table : {"udp", "udp6", "tcp", "tcp6", "raw", "netlink"}) {
    std::istringstream in(read_text(net + table));
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::vector<std::string> fields;
      for (std::string w; f >> w;) fields.push_back(w);
      size_t at = std::string(table) == "netlink" ? fields.size() - 1 : 9;
      if (fields.size() > at && fields[at] == inode) return table;
    }
  }
  return "unknown";
}

// Every open descriptor as "N TARGET" (sockets as "N socket DESCRIPTION").
std::vector<std::string> descriptors_of(pid_t pid) {
  std::vector<std::string> out;
  std::error_code ec;
  std::string dir = "/proc/" + std::to_string(pid) + "/fd";
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::string target = fs::read_symlink(e.path(), ec).string();
    if (ec) continue;  // closed meanwhile
    if (target.starts_with("socket:[")) target = "socket " + describe_socket(pid, target.substr(8, target.size() - 9));
    out.push_back(e.path().filename().string() + " " + target);
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return std::stoi(a) < std::stoi(b);
  });
  return out;
}

std::string escape_regex(const std::string& s) {
  static const std::regex special(R"([.^$|()\[\]{}*+?\\])");
  return std::regex_replace(s, special, R"(\$&)");
}

class DescriptorTest : public ComposeTest {
 protected:
  void SetUp() override {
    ComposeTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    canary_ = path("canary");
    std::ofstream(canary_) << "inherited by mistake\n";
  }

  // The command with the canary open on fd 9, inheritable.
  std::string with_canary(const std::string& command) { return "exec 9<>" + canary_ + "; " + command; }

  std::string compose_command(const std::string& args) {
    return "MOCKER_ROOT=" + store_root() + " MOCKER_CGROUP_PARENT=" + cgroup_parent() + " " +
           std::string(MOCKER_BIN_DIR) + "/mocker-compose --progress quiet " + args;
  }

  // Checks pid's descriptors against `expected` (regexes over "N TARGET"):
  // any descriptor matching none of them fails the test.
  void expect_only(const std::string& helper, pid_t pid, const std::vector<std::string>& expected) {
    ASSERT_GT(pid, 0) << helper << " not found";
    auto open = descriptors_of(pid);
    EXPECT_FALSE(open.empty()) << helper << " (pid " << pid << ") is gone";
    std::string all;
    for (const auto& d : open) all += "\n  " + d;
    for (const auto& d : open) {
      bool allowed = std::any_of(expected.begin(), expected.end(),
                                 [&](const std::string& e) { return std::regex_match(d, std::regex(e)); });
      EXPECT_TRUE(allowed) << helper << " (pid " << pid << ") holds a descriptor it should not: " << d
                           << "\nall of them:" << all;
    }
  }

  // The first process (bounded wait) for which `match` holds.
  pid_t find_process(const std::function<bool(pid_t)>& match, std::chrono::seconds limit = 20s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    for (int i = 0; i < 400 && std::chrono::steady_clock::now() < deadline; ++i) {
      for (pid_t p : all_pids())
        if (match(p)) return p;
      std::this_thread::sleep_for(50ms);
    }
    return 0;
  }

  pid_t child_running(pid_t parent, const std::string& exe) {
    return find_process([&](pid_t p) { return parent_of(p) == parent && exe_name(p) == exe; });
  }

  std::string canary_;
};

// Patterns shared by the helpers.
const std::string kNull = "/dev/null";
const std::string kPipe = R"(pipe:\[\d+\])";
const std::string kAsioLoop = R"(\d+ (anon_inode:\[eventpoll\]|anon_inode:\[eventfd\]|anon_inode:\[timerfd\]|pipe:\[\d+\]))";

TEST_F(DescriptorTest, EveryHelperHoldsExactlyItsOwn) {
  auto dir = project("fds", R"(services:
  web:
    image: busybox
    command: ["sleep", "300"]
    healthcheck:
      test: ["CMD", "sleep", "30"]
      interval: 1s
      timeout: 60s
      retries: 3
)");
  auto up = run(with_canary("cd " + dir + " && " + compose_command("up -d") + " 2>&1"));
  ASSERT_EQ(up.status, 0) << up.output;
  auto web = engine().containers().get("fds-web-1");
  ASSERT_TRUE(web) << web.error().render();
  pid_t init = web->state.pid;
  std::string state_dir = engine().store().state_dir();
  std::string container_dir = web->resources.dir;

  // mocker-dns: stdin and stdout on /dev/null, stderr to its log; its loop
  // and its UDP sockets.
  pid_t dns = find_process([&](pid_t p) {
    auto args = cmdline_of(p);
    return !args.empty() && fs::path(args[0]).filename() == "mocker-dns" &&
           std::find(args.begin(), args.end(), state_dir) != args.end();
  });
  expect_only("mocker-dns", dns,
              {"0 " + kNull, "1 " + kNull, "2 " + escape_regex(state_dir) + "/dns-[0-9a-f]+\\.log", kAsioLoop,
               R"(\d+ socket udp)"});

  // mocker-supervisor: stdin on /dev/null, stdout and stderr to its log; its
  // lock, its control socket (and a connection it serves), its loop, pidfds
  // of what it watches.
  std::string run_dir = store_root() + "/run/compose/fds";
  pid_t supervisor = find_process([&](pid_t p) {
    auto args = cmdline_of(p);
    return !args.empty() && fs::path(args[0]).filename() == "mocker-supervisor" &&
           std::find(args.begin(), args.end(), "fds") != args.end();
  });
  expect_only("mocker-supervisor", supervisor,
              {"0 " + kNull, "[12] " + escape_regex(run_dir) + "/supervisor\\.log",
               R"(\d+ )" + escape_regex(run_dir) + "/supervisor\\.lock",
               R"(\d+ socket unix stream (listening )?)" + escape_regex(run_dir) + "/control\\.sock", kAsioLoop,
               R"(\d+ anon_inode:\[pidfd\])"});

  // The container's init and its workload.
  // (Paths as init sees them: its files were opened before its root moved.)
  std::string id = escape_regex(web->id);
  expect_only("mocker-init start", init,
              {"[012] " + kNull, R"(\d+ anon_inode:\[signalfd\])", R"(\d+ )" + kPipe,
               R"(\d+ (.*)?/containers/)" + id + R"((/container\.log)?)",
               R"(\d+ (.*)?/)" + id + R"(/memory\.(oom_control|events))"});
  pid_t workload = child_running(init, "busybox");
  expect_only("workload", workload, {"0 " + kNull, "[12] " + kPipe});

  // A healthcheck probe: its helper (a child of the supervisor) and the probe.
  pid_t probe_helper = child_running(supervisor, "mocker-init");
  expect_only("probe's mocker-init exec", probe_helper,
              {"0 " + kNull, "[12] " + kPipe, R"(\d+ socket unix seqpacket)", R"(\d+ anon_inode:\[\w+\])"});
  pid_t probe = child_running(probe_helper, "busybox");
  expect_only("healthcheck probe", probe, {"0 " + kNull, "[12] " + kPipe});

  // exec: the helper mocker started and the process it runs in the container.
  auto exec = run(with_canary("MOCKER_CGROUP_PARENT=" + cgroup_parent() + " " + mocker() +
                              " exec fds-web-1 sleep 30 </dev/null >/dev/null 2>&1 &"));
  ASSERT_EQ(exec.status, 0) << exec.output;
  pid_t exec_helper = find_process([&](pid_t p) {
    auto args = cmdline_of(p);
    return exe_name(p) == "mocker-init" && args.size() == 2 && args[1] == "exec" &&
           exe_name(parent_of(p)) == "mocker";
  });
  // Its stdio are mocker's own, whatever they are; nothing else of mocker's.
  expect_only("exec's mocker-init exec", exec_helper,
              {"[012] .*", R"(\d+ socket unix seqpacket)", R"(\d+ anon_inode:\[\w+\])"});
  pid_t execd = child_running(exec_helper, "busybox");
  expect_only("exec'd process", execd, {"[012] .*"});

  // What the exec and the probe ran is inside the container's pid namespace
  // but a child of a helper outside it: once the helper is gone it is ours
  // (this test is a subreaper), and the container's init cannot finish dying
  // before we reap it. So: end both helpers and reap, then take it down.
  if (exec_helper > 0) ::kill(exec_helper, SIGKILL);  // its process dies with it; mocker then ends
  if (supervisor > 0) ::kill(supervisor, SIGTERM);     // it kills its probe
  for (int i = 0; i < 250 && supervisor > 0 && ::kill(supervisor, 0) == 0; ++i) {
    while (::waitpid(-1, nullptr, WNOHANG) > 0) {
    }
    std::this_thread::sleep_for(20ms);
  }
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
  auto down = compose("-p fds down -t 1", "/");
  EXPECT_EQ(down.status, 0) << down.output;
}

// After a foreground `up` ends, ps, start and down answer at once: nothing
// the up started (the network's DNS server) holds its supervisor's socket.
TEST_F(DescriptorTest, ProjectAnswersAtOnceAfterForegroundUp) {
  auto dir = project("fg", R"(services:
  job:
    image: busybox
    command: ["sh", "-c", "sleep 1; exit 3"]
  web:
    image: busybox
    command: ["sleep", "300"]
)");
  auto bounded = [&](const std::string& args) {
    return run("cd " + dir + " && timeout -s KILL 30 env " + compose_command(args) + " 2>&1");
  };
  auto up = bounded("up --abort-on-container-exit --exit-code-from job");
  EXPECT_EQ(up.status, 3) << up.output;
  for (const char* command : {"ps -a", "start", "ps", "down -t 1"}) {
    auto r = bounded(command);
    EXPECT_EQ(r.status, 0) << "mocker-compose " << command << " (137: still waiting after 30 s)\n" << r.output;
  }
}

}  // namespace
}  // namespace mocker::test
