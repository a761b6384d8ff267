#include "fixture.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace mocker::test {

void build_busybox_rootfs(const std::string& dir) {
  for (const char* d : {"bin", "proc", "sys", "dev", "tmp", "etc", "root", "home/app"})
    fs::create_directories(fs::path(dir) / d);
  fs::copy_file("/bin/busybox", fs::path(dir) / "bin/busybox");
  fs::copy_file(MOCKER_PROBE_PATH, fs::path(dir) / "bin/mocker-probe");
  auto list = run("/bin/busybox --list");
  ASSERT_EQ(list.status, 0) << list.output;
  std::istringstream applets(list.output);
  std::string applet;
  while (std::getline(applets, applet)) {
    if (applet.empty() || applet == "busybox") continue;
    fs::create_symlink("busybox", fs::path(dir) / "bin" / applet);
  }
  std::ofstream(fs::path(dir) / "etc/passwd") << "root:x:0:0:root:/root:/bin/sh\n"
                                                 "app:x:1000:1000:app:/home/app:/bin/sh\n"
                                                 "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
  std::ofstream(fs::path(dir) / "etc/group") << "root:x:0:\n"
                                                "tty:x:5:\n"
                                                "app:x:1000:\n"
                                                "extra:x:2000:app\n"
                                                "nogroup:x:65534:\n";
  fs::permissions(fs::path(dir) / "tmp", fs::perms::all | fs::perms::sticky_bit);
}

std::string Finished::stdout_text() const {
  std::string out;
  for (const auto& r : logs)
    if (r.stream == "stdout") out += r.log;
  return out;
}

std::string Finished::stderr_text() const {
  std::string out;
  for (const auto& r : logs)
    if (r.stream == "stderr") out += r.log;
  return out;
}

void RuntimeTest::SetUp() {
  PrivilegedTest::SetUp();
  if (IsSkipped() || HasFatalFailure()) return;
  rootfs_ = root_dir() + "/rootfs";
  state_ = root_dir() + "/state";
  log_ = state_ + "/log.json";
  fs::create_directories(state_);
  build_busybox_rootfs(rootfs_);
}

runtime::ContainerSpec RuntimeTest::spec(std::vector<std::string> args) const {
  runtime::ContainerSpec s;
  s.id = "test";
  s.rootfs = rootfs_;
  s.state_dir = state_;
  s.log_path = log_;
  s.hostname = "box";
  s.init_path = MOCKER_INIT_PATH;
  s.process.args = std::move(args);
  s.process.env = {"PATH=/bin"};
  return s;
}

int wait_child(pid_t pid, int timeout_seconds) {
  int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    pollfd p{pidfd, POLLIN, 0};
    if (::poll(&p, 1, timeout_seconds * 1000) <= 0) {
      ADD_FAILURE() << "process " << pid << " still running after " << timeout_seconds << "s; killing it";
      ::kill(pid, SIGKILL);
    }
    ::close(pidfd);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

std::vector<runtime::LogRecord> RuntimeTest::logs() const {
  std::vector<runtime::LogRecord> out;
  std::ifstream in(log_);
  std::string line;
  while (std::getline(in, line)) {
    auto r = mocker::engine::init::parse_log_record(line);
    EXPECT_TRUE(r) << line;
    if (r) out.push_back(*r);
  }
  return out;
}

Finished RuntimeTest::wait(pid_t init_pid, int timeout_seconds) const {
  Finished f;
  int status = wait_child(init_pid, timeout_seconds);
  f.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto record = runtime::read_exit_record(state_);
  EXPECT_TRUE(record) << record.error().render();
  if (record && *record) {
    f.record = **record;
  } else {
    ADD_FAILURE() << "no exit record in " << state_;
  }
  f.logs = logs();
  return f;
}

Finished RuntimeTest::run(const runtime::ContainerSpec& s) {
  auto started = runtime::start(s, {});
  if (!started) {
    ADD_FAILURE() << "start: " << started.error().render_long();
    return {};
  }
  return wait(started->init_pid);
}

bool RuntimeTest::wait_for_log(const std::string& text, int timeout_seconds) const {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    std::ifstream in(log_);
    std::stringstream all;
    all << in.rdbuf();
    if (all.str().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

nlohmann::json parse_json(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << text;
  return j;
}

}  // namespace mocker::test
